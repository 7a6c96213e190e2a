from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "cppcc_portal.audit"
    label = "audit"
    verbose_name = "安全审计"

    def ready(self):
        from cppcc_portal.audit.db_guard import refresh_after_migrate
        from cppcc_portal.audit.receivers import connect_all

        connect_all()
        post_migrate.connect(refresh_after_migrate, sender=self, dispatch_uid="audit-refresh-retention")
