"""我的数据: the page that says what the portal holds about you, and the download of all of it."""

from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc_portal.audit.models import Action
from cppcc_portal.audit.recording import record
from cppcc_portal.core.excel import XLSX_TYPE
from members.personal_data import personal_data, personal_data_xlsx


def my_data(request):
    sheets = personal_data(request.user)
    return render(request, "members/my_data.html", {"sheets": [(s.title, len(s.rows)) for s in sheets]})


@require_POST
def my_data_download(request):
    """Always the requesting user's own data: nothing in the request names whose."""
    sheets = personal_data(request.user)
    data = personal_data_xlsx(sheets)
    record(
        Action.EXPORT,
        obj=request.user,
        object_text="我的数据（个人数据下载）",
        detail={"kind": "personal_data", "sheets": {s.title: len(s.rows) for s in sheets}},
    )
    name = f"我的数据-{request.user.username}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response
