"""The admin's own login page, which would skip two-factor login: visitors are sent to the portal's.

A signed-in user lands here when the admin refuses them (not an admin account). Sending them on
to the portal's login page would send them straight back, round and round; they are told they may
not open it instead. A signed-in admin account simply goes to the admin."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import RedirectView


@login_not_required
def admin_login(request, *args, **kwargs):
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    return RedirectView.as_view(pattern_name="login", query_string=True)(request, *args, **kwargs)
