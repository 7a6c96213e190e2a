"""The admin's user pages under 三员分立 (cppcc_portal/accounts/separation.py): each administrator
sees the fields of their own duty editable and the others read-only; roles are checked in the
form, so a refused change keeps what was typed and says in Chinese what is not allowed."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cppcc_portal.accounts.separation import (
    can_change_roles,
    can_grant_permissions,
    can_manage_account,
    role_change_problems,
)
from members.models import User

ACCOUNT_FIELDS = ("username", "full_name", "email", "committee", "is_active")
ALWAYS_READ_ONLY = ("last_login", "date_joined")


class PortalUserChangeForm(UserChangeForm):
    actor = None  # the administrator using the form, set by PortalUserAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        if "groups" in self.fields and "groups" in cleaned:  # absent when read-only to this actor
            before = self.instance.groups.values_list("name", flat=True)
            after = [group.name for group in cleaned["groups"]]
            for problem in role_change_problems(self.actor, self.instance, before, after):
                self.add_error("groups", problem)
        return cleaned


@admin.register(User)
class PortalUserAdmin(UserAdmin, SimpleHistoryAdmin):
    form = PortalUserChangeForm
    list_display = ["username", "full_name", "committee", "is_active", "is_staff", "last_login"]
    list_filter = ["committee", "groups", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "email", "committee")}),
        (_("角色与权限"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "committee", "password1", "password2")}),)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form  # the add form sets no roles
        return type(form.__name__, (form,), {"actor": request.user})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or can_manage_account(request.user, obj):
            return fieldsets
        # No password link for whoever may not set it (a read-only password would show its hash).
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")}) for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        actor = request.user
        if actor.is_superuser:
            return ALWAYS_READ_ONLY
        readonly = {*ALWAYS_READ_ONLY, "is_superuser"}
        if not can_manage_account(actor, obj):
            readonly.update(ACCOUNT_FIELDS)
        if not can_change_roles(actor, obj):
            readonly.update(("groups", "is_staff"))
        if not can_grant_permissions(actor, obj):
            readonly.add("user_permissions")
        return sorted(readonly)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        actor = request.user
        return can_manage_account(actor, obj) or can_change_roles(actor, obj) or can_grant_permissions(actor, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or (obj.pk != request.user.pk and can_manage_account(request.user, obj))

    def get_actions(self, request):
        # Deleting many at once would skip the per-account check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        if target is not None and not can_manage_account(request.user, target):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
