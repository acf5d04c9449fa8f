import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avvik.settings")
application = get_wsgi_application()

from avvik.long_lived import freeze_startup_objects  # noqa: E402  (needs Django set up)

freeze_startup_objects()
