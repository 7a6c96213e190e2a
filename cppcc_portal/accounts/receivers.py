"""What every login writes into its session: the times the session limits check, the one-session
token, and when the password expires. Connected in AccountsConfig.ready()."""

from cppcc_portal.accounts import password_expiry, session_lifetime, single_session


def stamp_new_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    session_lifetime.stamp_login(request.session)
    single_session.register_login(request, user)
    password_expiry.stamp(request.session, user)
