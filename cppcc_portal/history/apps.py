from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "cppcc_portal.history"
    label = "record_history"
    verbose_name = "修改记录"
