"""The app's URLs and one view that fails while handling a report, for the error report
tests."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from avvik.urls import urlpatterns as app_urlpatterns


@csrf_exempt  # what is tested is the report, not the CSRF check before it
@require_POST
def failing_report(request):
    raise ValueError(
        f"could not file '{request.POST['title']}' for {request.user.email} "
        f"({request.user.get_full_name()})"
    )


urlpatterns = [*app_urlpatterns, path("test-feil/", failing_report)]
