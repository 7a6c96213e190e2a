from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sentiment.models import (
    Adoption,
    Bulletin,
    BulletinSeries,
    Destination,
    LeaderComment,
    PointRule,
    Quota,
    Report,
    ReportAttachment,
    ReportCategory,
    ReportEvent,
    ReportRevision,
    ReportWriter,
    SentimentSettings,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class WriterInline(ReadOnlyInline):
    model = ReportWriter
    fields = ["name", "member", "body", "user", "sector_name", "via_merge"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ReportEvent
    fields = ["created_at", "label", "from_status", "to_status", "actor_name", "committee_name", "comment"]
    readonly_fields = fields


class AdoptionInline(ReadOnlyInline):
    model = Adoption
    fields = ["level", "adopted_by", "adopted_on", "is_automatic"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    """Statuses change only through the portal's pages (services); here they are read-only."""

    list_display = ["title", "committee", "source", "status", "submitted_at", "bulletin"]
    list_filter = ["committee", "status", "source", "category"]
    search_fields = ["title", "content", "writers__name"]
    list_select_related = ["committee", "bulletin"]
    readonly_fields = [
        "status",
        "status_changed_at",
        "submitted_at",
        "submitted_by",
        "forwarded_from",
        "merged_into",
        "from_committee",
        "bulletin",
        "signed_off_by",
        "signed_off_at",
        "sent_up_at",
        "original_title",
        "original_content",
        "created_at",
    ]
    raw_id_fields = ["body", "sector", "category"]
    inlines = [WriterInline, AdoptionInline, EventInline]


@admin.register(ReportRevision)
class ReportRevisionAdmin(admin.ModelAdmin):
    list_display = ["report", "number", "edited_by", "created_at", "note"]
    search_fields = ["report__title", "title"]
    raw_id_fields = ["report"]


@admin.register(ReportAttachment)
class ReportAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "report", "size", "created_at"]
    search_fields = ["original_name", "report__title"]
    raw_id_fields = ["report"]


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "label", "from_status", "to_status", "actor_name", "committee_name", "created_at"]
    list_filter = ["action", "committee_name"]
    search_fields = ["report__title", "comment", "actor_name"]
    raw_id_fields = ["report"]


@admin.register(Adoption)
class AdoptionAdmin(SimpleHistoryAdmin):
    list_display = ["report", "level", "adopted_by", "adopted_on", "is_automatic"]
    list_filter = ["level", "is_automatic"]
    search_fields = ["report__title", "adopted_by"]
    raw_id_fields = ["report", "bulletin"]


@admin.register(LeaderComment)
class LeaderCommentAdmin(SimpleHistoryAdmin):
    list_display = ["report", "level", "leader", "commented_on"]
    list_filter = ["level"]
    search_fields = ["report__title", "leader", "text"]
    raw_id_fields = ["report"]


@admin.register(Bulletin)
class BulletinAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "status", "issued_on", "signer"]
    list_filter = ["committee", "kind", "status", "year"]
    search_fields = ["signer", "editor_name"]
    readonly_fields = ["year", "number", "total_number", "status", "issued_on", "issued_by", "sent_at", "sent_by"]
    filter_horizontal = ["destinations"]


@admin.register(BulletinSeries)
class BulletinSeriesAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "kind", "last_year", "last_number", "last_total"]
    list_filter = ["committee", "kind"]
    search_fields = ["committee__name"]


@admin.register(ReportCategory)
class ReportCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee", "order", "is_active"]
    list_filter = ["committee", "is_active"]
    search_fields = ["name"]


@admin.register(PointRule)
class PointRuleAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "level", "points"]
    list_filter = ["committee", "level"]
    search_fields = ["committee__name"]


@admin.register(SentimentSettings)
class SentimentSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "max_chars", "waiting_days", "quota_reminder_days", "similar_months"]
    search_fields = ["committee__name"]


@admin.register(Destination)
class DestinationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee", "group", "kind", "target_committee", "is_default", "is_active"]
    list_filter = ["committee", "group", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(Quota)
class QuotaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "subject", "period", "target", "is_active"]
    list_filter = ["committee", "subject", "period", "is_active"]
    search_fields = ["note", "member__user__full_name", "body__name", "lower_committee__name"]
    raw_id_fields = ["member"]
