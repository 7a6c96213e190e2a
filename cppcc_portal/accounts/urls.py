from django.urls import path

from cppcc_portal.accounts.views import login, security_admin, two_factor

app_name = "accounts"
urlpatterns = [
    path("login/code/", login.login_code, name="login_code"),
    path("login/enrol/", login.login_enrol, name="login_enrol"),
    path("two-factor/", two_factor.settings_page, name="two_factor"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/backup-codes/", two_factor.show_backup_codes, name="backup_codes"),
    path("two-factor/backup-codes/new/", two_factor.renew_backup_codes, name="backup_codes_new"),
    path("two-factor/disable/", two_factor.disable, name="two_factor_disable"),
    path("security/two-factor/", security_admin.user_search, name="security_users"),
    path("security/two-factor/<int:pk>/reset/", security_admin.reset_user, name="security_reset"),
]
