"""End the current session and send the browser to the login page with a Chinese message.

Shared by the session limits, the one-session rule and the two-factor guard."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect


def end_session(request, message):
    # Come back to the page after logging in again, but never to a fragment or a form post.
    is_htmx = request.headers.get("HX-Request") == "true"
    back = request.get_full_path() if request.method == "GET" and not is_htmx else ""
    logout(request)  # sends user_logged_out, which the security audit log records
    messages.warning(request, message)
    url = settings.LOGIN_URL + (f"?{urlencode({'next': back})}" if back else "")
    if is_htmx:
        # htmx would swap the login page into a fragment; ask it to load the whole page instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
