from django import forms

from cppcc_portal.core.uploads import validate_spreadsheet_upload


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label="委员名单 Excel 文件",
        help_text="请使用 .xlsx 格式，第一行为表头。可先下载模板填写。",
        error_messages={"required": "请选择要导入的 Excel 文件"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_spreadsheet_upload(upload)  # the size limit, and an Excel workbook by its content
        return upload
