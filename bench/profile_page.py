"""Where one page's time goes: cProfile over repeated requests to one of bench/pages.py's
pages, on its database (seeded by bench/pages.py first).

    .venv/bin/python bench/profile_page.py "case page"
    .venv/bin/python bench/profile_page.py "dashboard, default" --requests 100 --sort tottime
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import os
import pstats
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="the start of a page's label in bench/pages.py")
    parser.add_argument("--scale", choices=["full", "quick"], default="full")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=60)
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("bench_pages", HERE / "pages.py")
    pages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pages)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DATABASE_URL", pages.DEFAULT_DATABASES[args.scale])
    pages.setup_django()

    import types

    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches

    from orgchart.models import User

    urls = types.ModuleType("bench_pages_urls")
    urls.urlpatterns = pages.bench_urlpatterns()
    settings.ROOT_URLCONF = urls
    clear_url_caches()
    chosen = [entry for entry in pages.who_and_what() if entry[0].startswith(args.page)]
    if not chosen:
        sys.exit(f"no page starts with {args.page!r}")
    label, username, url, data = chosen[0]
    if data is not None:
        sys.exit("the filing POST files reports: profile the pages that only read")
    client = Client()
    client.force_login(User.objects.get(username=username))
    for _ in range(5):
        assert client.get(url).status_code == 200
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        client.get(url)
    profile.disable()
    print(f"{label}: {url}, {args.requests} requests")
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
