from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cppcc_portal.notifications"
    label = "notifications"
    verbose_name = "通知与提醒"
