"""HTML to PDF with WeasyPrint, fetching nothing but the app's own static files. Used by
the case summary (cases) and the statistics and committee summaries (reports).

The documents are rendered from our own templates, yet a unit or category name is
still text someone typed; a URL fetcher that refuses everything except files under the
static folders means no PDF can ever make the server read ``file:///etc/passwd`` or
call a URL on the network while it renders.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Pages are rendered with this made-up origin as their base, so that the "/static/…"
# links the templates write become "http://avvik-pdf.invalid/static/…" and nothing else.
PDF_BASE_URL = "http://avvik-pdf.invalid/"


class RefusedURL(ValueError):
    pass


def static_file_for(url: str) -> Path:
    """The file on disk behind one of our own static URLs, or RefusedURL."""
    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
        static_prefix
    ):
        raise RefusedURL(f"Only the app's own static files are fetched, not {url!r}.")
    relative = unquote(parts.path[len(static_prefix) :])
    pieces = relative.split("/")
    if not relative or relative.startswith("/") or any(p in ("", ".", "..") for p in pieces):
        raise RefusedURL(f"Not a static file: {url!r}.")
    # Collected (and in production hashed) names first, then the source folders.
    static_root = Path(settings.STATIC_ROOT).resolve()
    collected = (static_root / relative).resolve()
    if collected.is_file() and collected.is_relative_to(static_root):
        return collected
    found = finders.find(relative)
    if found:
        return Path(found)
    raise RefusedURL(f"No such static file: {url!r}.")


class StaticOnlyURLFetcher(URLFetcher):
    """WeasyPrint's fetcher, cut down to serving our static files from disk."""

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        try:
            path = static_file_for(url)
        except RefusedURL:
            logger.warning("PDF rendering refused to fetch %s", url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


# Every PDF is tagged (PDF/UA-1): a screen reader reads it in order, with its title
# (the template's <title>), its language (<html lang>) and the charts' alternative
# text. The archive copy of a case is PDF/A-3a, which is tagged as well.
ACCESSIBLE_VARIANT = "pdf/ua-1"
ARCHIVE_VARIANT = "pdf/a-3a"


def render_pdf(html: str, *, archive: bool = False) -> bytes:
    """The document as a tagged PDF; ``archive`` makes it PDF/A for the municipality's
    archive (fonts embedded, no transparency, metadata in XMP)."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher()).write_pdf(
        pdf_variant=ARCHIVE_VARIANT if archive else ACCESSIBLE_VARIANT,
        pdf_tags=True,
    )
