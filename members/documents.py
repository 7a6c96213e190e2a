"""Documents of the members app: the member roster (委员名册)."""

from django.utils import timezone

from cppcc_portal.documents.pdf import render_official
from cppcc_portal.documents.registry import document_kind
from members.models import Committee
from members.selectors import serving_members


@document_kind("member_roster", label="委员名册")
def member_roster(doc, progress):
    committee = Committee.objects.get(pk=doc.committee_id)
    members = list(serving_members(committee.pk).order_by("sector__order", "id"))
    progress(1, 2, f"已读取 {len(members)} 名委员")
    return [
        render_official(
            "members/pdf/roster.html",
            {"title": doc.title, "committee": committee, "members": members, "today": timezone.localdate()},
        )
    ]
