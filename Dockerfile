# One image for every process of Avvik: web (gunicorn), Celery worker, Celery beat and the
# one-shot migrate job; docker-compose.yml picks the command. Configuration comes from the
# environment only (see avvik/settings.py).

# The source, with its translations compiled here so the final image needs no gettext.
FROM python:3.11-slim AS source
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN find /src -path '*/locale/*' -name '*.po' \
        -exec sh -c 'msgfmt --check -o "${1%.po}.mo" "$1"' _ {} \;


FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and HarfBuzz for WeasyPrint (the AMU report PDFs), and a font for them to use.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first: this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN pip install .

COPY --from=source /src ./

# Static files are collected into the image and served by WhiteNoise; uploads and the
# beat schedule live on volumes (docker-compose.yml). The SECRET_KEY here only lets
# Django start for collectstatic: it is not in the image's environment.
ENV STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    AVVIK_VAR_DIR=/data/var
RUN SECRET_KEY=collectstatic-only DEBUG=false python manage.py collectstatic --noinput --verbosity 0

# Run as an unprivileged user; it owns only the directories it writes to (and a home,
# where gunicorn keeps its control socket).
RUN useradd --system --uid 10001 --create-home --home-dir /home/avvik --shell /usr/sbin/nologin avvik \
    && mkdir -p /data/media /data/var /data/beat \
    && chown -R avvik:avvik /data
USER 10001:10001

EXPOSE 8000
# WEB_CONCURRENCY (read by gunicorn) sets the number of worker processes.
CMD ["gunicorn", "avvik.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
