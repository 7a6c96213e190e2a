"""Admin: the rules committees tune are edited here; proposals and their handling are shown
read-only (every change goes through the services, with history), searchable and filterable."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from proposals.models import (
    Assignment,
    ContactRecord,
    CoOpinion,
    CosignInvitation,
    Evaluation,
    Milestone,
    ModelUnit,
    Proposal,
    ProposalAttachment,
    ProposalCategory,
    ProposalCounter,
    ProposalEvent,
    ProposalRules,
    RejectionGround,
    Reply,
    SupervisionRecord,
    UnitRequest,
)


@admin.register(ProposalRules)
class ProposalRulesAdmin(SimpleHistoryAdmin):
    list_display = [
        "committee",
        "cosign_invitation_days",
        "reply_months",
        "plenary_reply_months",
        "max_handling_months",
        "unit_reminder_days",
    ]
    list_filter = ["committee"]
    search_fields = ["committee__name"]


@admin.register(ProposalCategory)
class ProposalCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee", "order", "is_active"]
    list_filter = ["committee", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]


@admin.register(RejectionGround)
class RejectionGroundAdmin(SimpleHistoryAdmin):
    list_display = ["text", "committee", "order", "is_active"]
    list_filter = ["committee", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["text"]


@admin.register(ModelUnit)
class ModelUnitAdmin(SimpleHistoryAdmin):
    list_display = ["year", "unit", "committee", "note", "chosen_by"]
    list_filter = ["committee", "year"]
    search_fields = ["unit__name", "note"]
    raw_id_fields = ["unit", "chosen_by"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Records written by the services: visible and searchable, never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    fields = ["created_at", "label", "from_status", "to_status", "actor", "actor_label", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "session", "kind", "status", "category", "is_key", "is_excellent", "submitted_at"]
    list_filter = ["committee", "session", "status", "kind", "timing", "category", "is_key", "is_excellent"]
    search_fields = ["title", "number", "proposer__user__full_name", "body__name"]
    list_select_related = ["session__term", "category"]
    inlines = [EventInline]


@admin.register(CosignInvitation)
class CosignInvitationAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "member", "direction", "status", "created_at", "expires_at"]
    list_filter = ["committee", "status", "direction"]
    search_fields = ["proposal__title", "member__user__full_name"]


@admin.register(ProposalAttachment)
class ProposalAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "proposal", "size", "uploaded_by", "uploaded_at", "is_removed"]
    list_filter = ["committee", "is_removed"]
    search_fields = ["original_name", "proposal__title"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "proposal", "label", "from_status", "to_status", "actor", "actor_label"]
    list_filter = ["committee", "action"]
    search_fields = ["proposal__title", "comment", "actor__full_name"]


@admin.register(ProposalCounter)
class ProposalCounterAdmin(ReadOnlyAdmin):
    list_display = ["session", "last_number"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "unit", "role", "status", "round", "assigned_at", "deadline"]
    list_filter = ["committee", "status", "role", "round", "unit"]
    search_fields = ["proposal__title", "unit__name"]
    list_select_related = ["proposal", "unit"]


@admin.register(UnitRequest)
class UnitRequestAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "kind", "status", "requested_at", "decided_at"]
    list_filter = ["committee", "kind", "status"]
    search_fields = ["reason", "assignment__proposal__title", "assignment__unit__name"]


@admin.register(ContactRecord)
class ContactRecordAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "contacted_on", "method", "person"]
    list_filter = ["committee", "method"]
    search_fields = ["content", "person"]


@admin.register(CoOpinion)
class CoOpinionAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "submitted_at", "submitted_by"]
    list_filter = ["committee"]
    search_fields = ["text"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "assignment", "result_code", "round", "submitted_at", "on_time"]
    list_filter = ["committee", "result_code", "on_time", "round"]
    search_fields = ["proposal__title", "text", "signer"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "evaluator", "role", "attitude", "result", "created_at"]
    list_filter = ["committee", "role", "attitude", "result"]
    search_fields = ["proposal__title", "comment", "evaluator__full_name"]


@admin.register(SupervisionRecord)
class SupervisionRecordAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "kind", "occurred_on", "recorded_by"]
    list_filter = ["committee", "kind"]
    search_fields = ["proposal__title", "content"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "description", "due_on", "status", "checked_on"]
    list_filter = ["committee", "status"]
    search_fields = ["description", "proposal__title"]
