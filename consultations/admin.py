from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import (
    Activity,
    ActivityEvent,
    AgendaItem,
    AnnualPlan,
    CalendarDay,
    ConsultationForm,
    ConsultationSettings,
    Deliberation,
    Material,
    Opinion,
    Outcome,
    OutcomeEvent,
    Participant,
    PlanEvent,
    PlanItem,
    PlanVersion,
    Speech,
)


class Scoped(SimpleHistoryAdmin):
    list_filter = ["committee"]


@admin.register(ConsultationForm)
class ConsultationFormAdmin(Scoped):
    list_display = ["name", "committee", "duty_kind", "order", "is_active"]
    list_filter = ["committee", "is_active", "duty_kind"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]


@admin.register(ConsultationSettings)
class ConsultationSettingsAdmin(Scoped):
    list_display = [
        "committee",
        "notice_working_days",
        "materials_working_days",
        "outcome_due_working_days",
        "feedback_missing_days",
        "member_weekly_limit",
        "weekly_activity_limit",
        "plan_topic_cap",
        "signin_code_minutes",
    ]
    search_fields = ["committee__name"]


@admin.register(CalendarDay)
class CalendarDayAdmin(Scoped):
    list_display = ["date", "is_workday", "name", "committee"]
    list_filter = ["committee", "is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    fields = ["number", "topic", "form", "planned_month", "time_note", "organiser"]
    extra = 0
    show_change_link = True


@admin.register(AnnualPlan)
class AnnualPlanAdmin(Scoped):
    list_display = ["title", "year", "committee", "status", "version", "approval_reference", "published_on"]
    list_filter = ["committee", "status", "year"]
    search_fields = ["title", "document_number", "approval_reference"]
    readonly_fields = ["status", "version"]
    inlines = [PlanItemInline]


@admin.register(PlanItem)
class PlanItemAdmin(Scoped):
    list_display = ["number", "topic", "plan", "form", "planned_month", "organiser"]
    list_filter = ["committee", "plan", "form"]
    search_fields = ["topic"]
    filter_horizontal = ["departments", "sectors", "members"]
    list_select_related = ["plan", "form", "organiser"]


@admin.register(PlanEvent)
class PlanEventAdmin(admin.ModelAdmin):
    list_display = ["plan", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["committee", "action"]
    search_fields = ["plan__title", "comment"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "reason", "created_by", "created_at"]
    list_filter = ["committee"]
    search_fields = ["plan__title", "reason", "summary"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["member", "unit", "guest_name", "reply", "signed_in_at", "attendance"]
    raw_id_fields = ["member", "unit"]
    extra = 0


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    fields = ["order", "time_label", "title", "speaker"]
    extra = 0


@admin.register(Activity)
class ActivityAdmin(Scoped):
    list_display = ["title", "kind", "form", "starts_at", "place", "status", "committee"]
    list_filter = ["committee", "status", "kind", "form"]
    search_fields = ["title", "place", "plan_item__topic"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["plan_item"]
    readonly_fields = [
        "status",
        "notice_sent_at",
        "materials_sent_at",
        "closed_at",
        "override_codes",
        "override_by",
        "override_at",
    ]
    inlines = [AgendaInline, ParticipantInline]
    list_select_related = ["form"]


@admin.register(Participant)
class ParticipantAdmin(Scoped):
    list_display = ["activity", "__str__", "reply", "signed_in_at", "attendance"]
    list_filter = ["committee", "reply", "attendance", "signin_method"]
    search_fields = ["activity__title", "member__user__full_name", "guest_name", "unit__name"]
    raw_id_fields = ["activity", "member", "unit"]
    readonly_fields = ["attendance"]
    list_select_related = ["activity", "member__user", "unit"]


@admin.register(AgendaItem)
class AgendaItemAdmin(Scoped):
    list_display = ["activity", "order", "time_label", "title", "speaker"]
    search_fields = ["title", "activity__title"]
    raw_id_fields = ["activity"]


@admin.register(Material)
class MaterialAdmin(Scoped):
    list_display = ["title", "activity", "original_name", "uploaded_by", "uploaded_at"]
    search_fields = ["title", "activity__title"]
    raw_id_fields = ["activity"]


@admin.register(Speech)
class SpeechAdmin(Scoped):
    list_display = ["title", "member", "activity", "status", "submitted_at"]
    list_filter = ["committee", "status"]
    search_fields = ["title", "member__user__full_name", "activity__title"]
    raw_id_fields = ["activity", "member"]


@admin.register(ActivityEvent)
class ActivityEventAdmin(admin.ModelAdmin):
    list_display = ["activity", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["committee", "action"]
    search_fields = ["activity__title", "comment"]
    raw_id_fields = ["activity"]


@admin.register(Deliberation)
class DeliberationAdmin(Scoped):
    list_display = ["title", "opens_at", "closes_at", "status", "committee"]
    list_filter = ["committee", "status"]
    search_fields = ["title"]
    filter_horizontal = ["invitees"]
    raw_id_fields = ["plan_item", "activity"]


@admin.register(Opinion)
class OpinionAdmin(Scoped):
    list_display = ["__str__", "deliberation", "author", "created_at", "is_hidden"]
    list_filter = ["committee", "is_hidden"]
    search_fields = ["content", "author__user__full_name", "deliberation__title"]
    raw_id_fields = ["deliberation", "author", "parent"]


@admin.register(Outcome)
class OutcomeAdmin(Scoped):
    list_display = ["title", "kind", "status", "due_on", "submitted_on", "adoption", "committee"]
    list_filter = ["committee", "kind", "status", "adoption"]
    search_fields = ["title", "content", "actions_taken"]
    raw_id_fields = ["activity", "deliberation"]
    readonly_fields = ["status"]


@admin.register(OutcomeEvent)
class OutcomeEventAdmin(admin.ModelAdmin):
    list_display = ["outcome", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["committee", "action"]
    search_fields = ["outcome__title", "comment"]
