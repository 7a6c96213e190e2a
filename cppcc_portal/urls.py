from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from cppcc_portal.accounts.views.admin_login import admin_login
from cppcc_portal.accounts.views.login import PortalLoginView
from cppcc_portal.accounts.views.password import PortalPasswordChangeView
from cppcc_portal.core.views import healthz

# A database that cannot be reached gets a Chinese 503 page instead of the error page.
handler500 = "cppcc_portal.core.errors.portal_server_error"

admin.site.site_header = f"{settings.PORTAL_NAME} 管理后台"
admin.site.site_title = settings.PORTAL_NAME
admin.site.index_title = "数据管理"

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on their own (e.g. when a PDF opens inline).
    path("favicon.ico", login_not_required(lambda request: HttpResponsePermanentRedirect(static("img/favicon.svg")))),
    path("accounts/login/", PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", PortalPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/", include("cppcc_portal.accounts.urls")),
    # The admin's own login would skip two-factor login: everyone logs in through the portal's.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("audit/", include("cppcc_portal.audit.urls")),
    path("notifications/", include("cppcc_portal.notifications.urls")),
    path("documents/", include("cppcc_portal.documents.urls")),
    path("history/", include("cppcc_portal.history.urls")),
    path("members/", include("members.urls")),
    path("proposals/", include("proposals.urls")),
    path("consultations/", include("consultations.urls")),
    path("sentiment/", include("sentiment.urls")),
    path("", include("cppcc_portal.core.urls")),
]

if settings.PORTAL_BENCH_FLOOR:
    from cppcc_portal.core.bench import floor

    urlpatterns.insert(0, path("bench/floor/", floor, name="bench_floor"))
