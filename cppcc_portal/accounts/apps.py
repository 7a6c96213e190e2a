from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cppcc_portal.accounts"
    label = "accounts"
    verbose_name = "账号安全"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed

        from cppcc_portal.accounts.receivers import stamp_new_login
        from cppcc_portal.accounts.separation import refuse_two_admin_roles

        # Every way in (the portal's login, the two-factor step, the test client) ends in
        # django.contrib.auth.login(), which sends this signal.
        user_logged_in.connect(stamp_new_login, dispatch_uid="accounts-stamp-new-login")
        # 三员分立 holds however a role is added (admin, shell, import), not only in the admin's form.
        m2m_changed.connect(
            refuse_two_admin_roles, sender=get_user_model().groups.through, dispatch_uid="accounts-separation-of-duties"
        )
