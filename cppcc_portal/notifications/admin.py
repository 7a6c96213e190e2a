from django.contrib import admin

from cppcc_portal.notifications.models import Notification, ReminderLog


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "category", "created_at", "read_at", "emailed_at"]
    list_filter = ["category", "read_at"]
    search_fields = ["title", "user__username", "user__full_name"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["key", "category", "recipients", "sent_at"]
    list_filter = ["category"]
    search_fields = ["key"]
