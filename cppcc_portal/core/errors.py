"""The server-error page. When the database cannot be reached (restarting, failed over, network
down) the visitor gets a Chinese 503 page that says so and asks them to retry, not the generic
error page; the page is static, so rendering it needs no database."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 30


def database_unreachable(exc):
    return isinstance(exc, InterfaceError | OperationalError)


@requires_csrf_token
def portal_server_error(request, template_name="500.html"):
    """handler500: called inside the `except` that caught the error, so the error is at hand."""
    if database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return server_error(request, template_name)
