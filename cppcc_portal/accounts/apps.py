from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cppcc_portal.accounts"
    label = "accounts"
    verbose_name = "账号安全"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from cppcc_portal.accounts.receivers import stamp_new_login

        # Every way in (the portal's login, the two-factor step, the test client) ends in
        # django.contrib.auth.login(), which sends this signal.
        user_logged_in.connect(stamp_new_login, dispatch_uid="accounts-stamp-new-login")
