"""Who may reset other users' two-factor login: the roles in OTP_RESET_ROLES (系统管理员 and
安全管理员 by default), for users of their own committee; superusers for everyone."""

from django.conf import settings


def can_reset_two_factor(user):
    return user.is_authenticated and (user.is_superuser or user.has_role(*settings.OTP_RESET_ROLES))


def resettable_users(actor):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.exclude(pk=actor.pk)
    if actor.is_superuser:
        return users
    return users.filter(committee_id=actor.committee_id) if actor.committee_id else users.none()
