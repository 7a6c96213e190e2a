from django import forms
from django.conf import settings


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label="委员名单 Excel 文件",
        help_text="请使用 .xlsx 格式，第一行为表头。可先下载模板填写。",
        error_messages={"required": "请选择要导入的 Excel 文件"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只能导入 .xlsx 格式的 Excel 文件")
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(f"文件不能超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB")
        return upload
