"""Connects every source of audit events (called once from AuditConfig.ready)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from simple_history.signals import post_create_historical_record

from cppcc_portal.accounts.signals import two_factor_reset
from cppcc_portal.audit.receivers import files, history, logins, rights


def connect_all():
    user_logged_in.connect(logins.logged_in, dispatch_uid="audit-logged-in")
    user_logged_out.connect(logins.logged_out, dispatch_uid="audit-logged-out")
    user_login_failed.connect(logins.login_failed, dispatch_uid="audit-login-failed")
    two_factor_reset.connect(logins.two_factor_reset, dispatch_uid="audit-two-factor-reset")
    for through in rights.through_models():
        m2m_changed.connect(rights.rights_changed, sender=through, dispatch_uid=f"audit-rights-{through._meta.label_lower}")
    history.connect_save_notes()
    post_create_historical_record.connect(history.history_written, dispatch_uid="audit-history-written")
    files.connect()
