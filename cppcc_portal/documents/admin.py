from django.contrib import admin

from cppcc_portal.documents.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "status", "progress", "page_count", "created_at"]
    list_filter = ["status", "kind", "committee"]
    search_fields = ["title", "owner__username", "owner__full_name"]
    readonly_fields = ["created_at", "started_at", "finished_at"]
