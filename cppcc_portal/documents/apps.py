from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cppcc_portal.documents"
    label = "documents"
    verbose_name = "文档生成"
