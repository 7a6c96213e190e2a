from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "cppcc_portal.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        from cppcc_portal.core.roles import sync_roles_after_migrate
        from cppcc_portal.core.text import install_form_text_checks

        install_form_text_checks()

        from django.db.backends.signals import connection_created

        from cppcc_portal.page_cache import enabled
        from cppcc_portal.page_cache.tracking import install

        if enabled():
            connection_created.connect(install, dispatch_uid="page-cache-watch-writes")

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core-sync-roles")
