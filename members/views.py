from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cppcc_portal.core.excel import XLSX_TYPE
from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.documents.services import document_request
from members.filters import MemberFilter
from members.forms import MemberImportForm
from members.member_excel import export_members_xlsx, import_members, template_xlsx
from members.models import Member
from members.permissions import can_manage_members, can_see_personal_data, can_view_directory, is_committee_staff
from members.roles import Role
from members.selectors import committee_of, current_term, members_of


def _xlsx(data, filename):
    from urllib.parse import quote

    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class MemberListView(FilteredListView):
    template_name = "members/member_list.html"
    filterset_class = MemberFilter
    context_object_name = "members"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_directory(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return members_of(self.request.user.committee_id).order_by("sector__order", "id")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            if not can_manage_members(request.user):
                raise PermissionDenied
            return _xlsx(export_members_xlsx(self.get_queryset().iterator(chunk_size=1000)), "委员名单.xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_export"] = ctx["can_manage"] = can_manage_members(self.request.user)
        return ctx


def member_detail(request, pk):
    member = get_object_or_404(members_of(request.user.committee_id), pk=pk)
    if not can_view_directory(request.user):
        raise Http404
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "show_personal": can_see_personal_data(request.user, member),
            "show_list_link": is_committee_staff(request.user) or request.user.has_role(Role.LEADER),
        },
    )


def my_profile(request):
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        messages.info(request, "您的账号没有委员档案。")
        return redirect("core:home")
    return redirect("members:detail", pk=member.pk)


def member_import(request):
    if not can_manage_members(request.user):
        raise PermissionDenied
    committee = committee_of(request.user)
    term = current_term(committee) if committee else None
    report = None
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if term is None:
            messages.error(request, "本级政协尚未设置本届届次，请先在后台添加“届”并勾选“本届”。")
        else:
            report = import_members(form.cleaned_data["file"], committee=committee, term=term)
            if report.ok:
                messages.success(request, f"导入成功：新增 {report.created} 名委员，更新 {report.updated} 名委员。")
                return redirect("members:list")
    return render(request, "members/member_import.html", {"form": form, "report": report, "term": term})


def member_import_template(request):
    if not can_manage_members(request.user):
        raise PermissionDenied
    return _xlsx(template_xlsx(), "委员名单导入模板.xlsx")


@require_POST
def member_roster_pdf(request):
    if not can_manage_members(request.user):
        raise PermissionDenied
    committee = committee_of(request.user)
    doc = document_request(user=request.user, kind="member_roster", title=f"{committee.short_name}委员名册")
    return redirect(doc)
