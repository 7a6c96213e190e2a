from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members.models import (
    ActivityGroup,
    Body,
    Committee,
    DutyRecord,
    HandlingUnit,
    Member,
    Sector,
    Session,
    SpecialCommittee,
    Term,
    User,
)


@admin.register(User)
class PortalUserAdmin(UserAdmin, SimpleHistoryAdmin):
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


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "level", "parent", "order"]
    list_filter = ["level"]
    search_fields = ["name", "short_name", "region_code"]
    autocomplete_fields = ["parent"]


class CommitteeScopedAdmin(SimpleHistoryAdmin):
    list_filter = ["committee"]


@admin.register(Term)
class TermAdmin(CommitteeScopedAdmin):
    list_display = ["__str__", "committee", "start_year", "end_year", "is_current"]
    list_filter = ["committee", "is_current"]
    search_fields = ["committee__name"]


@admin.register(Session)
class SessionAdmin(CommitteeScopedAdmin):
    list_display = ["__str__", "committee", "year", "opens_on", "closes_on", "is_current"]
    list_filter = ["committee", "is_current", "year"]
    search_fields = ["committee__name"]


@admin.register(Sector)
class SectorAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee", "order"]
    search_fields = ["name"]


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee", "order"]
    search_fields = ["name"]


@admin.register(ActivityGroup)
class ActivityGroupAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee"]
    search_fields = ["name"]
    filter_horizontal = ["conveners", "members"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(CommitteeScopedAdmin):
    list_display = ["name", "short_name", "category", "contact_person", "contact_phone", "is_active"]
    list_filter = ["committee", "category", "is_active"]
    search_fields = ["name", "short_name", "contact_person"]
    filter_horizontal = ["clerks"]


@admin.register(Member)
class MemberAdmin(CommitteeScopedAdmin):
    list_display = ["name", "gender", "party", "sector", "is_standing", "workplace", "status"]
    list_filter = ["committee", "status", "is_standing", "party", "sector"]
    search_fields = ["user__full_name", "user__username", "workplace", "phone"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["special_committees"]
    list_select_related = ["user", "sector"]


@admin.register(DutyRecord)
class DutyRecordAdmin(CommitteeScopedAdmin):
    list_display = ["member", "kind", "title", "occurred_on", "status", "source"]
    list_filter = ["committee", "kind", "status", "year"]
    search_fields = ["title", "member__user__full_name", "source"]
    raw_id_fields = ["member"]
    list_select_related = ["member__user"]


@admin.register(Body)
class BodyAdmin(CommitteeScopedAdmin):
    list_display = ["name", "kind", "committee", "is_active"]
    list_filter = ["committee", "kind", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["submitters"]
