from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from members.models import (
    ActivityGroup,
    AttendanceSheet,
    Body,
    Committee,
    DutyMinimum,
    DutyPhoto,
    DutyRecord,
    DutyRecordEvent,
    GradeBand,
    HandlingUnit,
    Member,
    MemberScore,
    ScoreRecomputation,
    ScoringRule,
    ScoringRuleSet,
    Sector,
    Session,
    SpecialCommittee,
    Term,
)
from members.user_admin import PortalUserAdmin  # noqa: F401 — registers the user pages


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


class DutyPhotoInline(admin.TabularInline):
    model = DutyPhoto
    extra = 0
    fields = ["image", "original_name", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


class DutyRecordEventInline(admin.TabularInline):
    model = DutyRecordEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "from_status", "to_status", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DutyRecord)
class DutyRecordAdmin(CommitteeScopedAdmin):
    """Records are written by the apps and the duty pages; change them there (verification has
    its own workflow). The admin is for looking up and correcting data by hand."""

    list_display = ["member", "kind", "title", "occurred_on", "status", "source"]
    list_filter = ["committee", "kind", "status", "year"]
    search_fields = ["title", "member__user__full_name", "source"]
    raw_id_fields = ["member", "recorded_by", "verified_by"]
    list_select_related = ["member__user"]
    readonly_fields = ["status", "verified_by", "verified_at", "reject_reason", "source"]
    inlines = [DutyPhotoInline, DutyRecordEventInline]

    def save_model(self, request, obj, form, change):
        from members.duty import records_changed

        old_year = DutyRecord.objects.filter(pk=obj.pk).values_list("year", flat=True).first() if change else None
        obj.year = obj.occurred_on.year
        super().save_model(request, obj, form, change)
        records_changed([obj.member_id], {obj.year, old_year or obj.year})

    def delete_model(self, request, obj):
        from members.duty import records_changed

        member_id, year = obj.member_id, obj.year
        super().delete_model(request, obj)
        records_changed([member_id], [year])


@admin.register(AttendanceSheet)
class AttendanceSheetAdmin(CommitteeScopedAdmin):
    list_display = ["title", "kind", "held_on", "present_count", "leave_count", "absent_count", "imported_by"]
    list_filter = ["committee", "kind"]
    search_fields = ["title"]
    readonly_fields = ["present_count", "leave_count", "absent_count", "imported_by", "imported_at"]

    def has_add_permission(self, request):
        return False  # imported from Excel on the sign-in page, which records the attendance


class ScoringRuleInline(admin.TabularInline):
    model = ScoringRule
    extra = 0
    fields = ["kind", "role", "attendance", "level", "mode", "points", "cap", "effective_from", "effective_until", "order"]


class GradeBandInline(admin.TabularInline):
    model = GradeBand
    extra = 0
    fields = ["name", "min_score"]


class DutyMinimumInline(admin.TabularInline):
    model = DutyMinimum
    extra = 0
    fields = ["label", "kinds", "role", "measure", "threshold", "period", "order"]


@admin.register(ScoringRuleSet)
class ScoringRuleSetAdmin(CommitteeScopedAdmin):
    """A change here, like one on the rules page, gets a new version and recomputes the year."""

    list_display = ["name", "committee", "year", "scale", "version", "updated_at", "updated_by"]
    list_filter = ["committee", "year", "scale"]
    search_fields = ["name"]
    readonly_fields = ["version", "updated_at", "updated_by"]
    inlines = [ScoringRuleInline, GradeBandInline, DutyMinimumInline]

    def save_model(self, request, obj, form, change):
        from members.scoring_services import load_rules

        if change:
            request._duty_rules_before = load_rules(ScoringRuleSet.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.has_changed():
                inline_form.instance.committee_id = form.instance.committee_id
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        from members.scoring_services import rule_set_bump

        super().save_related(request, form, formsets, change)
        before = getattr(request, "_duty_rules_before", None)
        if before is not None:
            job = rule_set_bump(form.instance, user=request.user, before=before)
            self.message_user(request, f"已按第 {job.rule_version} 版规则开始重新计算 {job.year} 年度积分。")


@admin.register(MemberScore)
class MemberScoreAdmin(admin.ModelAdmin):
    list_display = ["member", "year", "total", "grade", "absences", "below_minimum", "rule_version", "computed_at"]
    list_filter = ["committee", "year", "grade", "below_minimum"]
    search_fields = ["member__user__full_name"]
    list_select_related = ["member__user"]
    readonly_fields = [f.name for f in MemberScore._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # computed from the records and the rules; never edited by hand


@admin.register(ScoreRecomputation)
class ScoreRecomputationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "committee", "status", "done", "total", "changed", "requested_by", "created_at", "finished_at"]
    list_filter = ["committee", "status", "year"]
    search_fields = ["reason"]
    readonly_fields = [f.name for f in ScoreRecomputation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Body)
class BodyAdmin(CommitteeScopedAdmin):
    list_display = ["name", "kind", "committee", "is_active"]
    list_filter = ["committee", "kind", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["submitters"]
