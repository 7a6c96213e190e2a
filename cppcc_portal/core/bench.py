"""The benchmark's floor: the cheapest page a logged-in user can get through the portal's full
middleware stack (session, user, CSRF, messages, axes…). bench/loadrun.py measures every page
against it. Routed only when PORTAL_BENCH_FLOOR is set, so no deployment serves it by accident."""

from django.http import HttpResponse
from django.utils.html import escape


def floor(request):
    # Touches request.user, as every real page does: the session row and the user are loaded.
    return HttpResponse(f"<!doctype html><title>floor</title><p>{escape(request.user.get_username())}</p>")
