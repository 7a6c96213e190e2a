"""To-dos on 我的工作台: editors' queue and waiting reports; writers' returned reports and drafts;
quotas behind."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.core.registry import Todo
from sentiment.models import Report, ReportStatus
from sentiment.permissions import can_write, is_editor


def todos(user):
    found = []
    if is_editor(user):
        from sentiment.rules import ensure_rules

        settings = ensure_rules(user.committee)
        cutoff = timezone.now() - timedelta(days=settings.waiting_days)
        counts = Report.objects.filter(committee_id=user.committee_id).aggregate(
            received=Count("pk", filter=Q(status=ReportStatus.RECEIVED)),
            editing=Count("pk", filter=Q(status=ReportStatus.EDITING)),
            signed=Count("pk", filter=Q(status=ReportStatus.SIGNED_OFF, bulletin__isnull=True)),
            overdue=Count("pk", filter=Q(status__in=[ReportStatus.RECEIVED, ReportStatus.EDITING], status_changed_at__lt=cutoff)),
        )
        queue = reverse("sentiment:queue")
        if counts["overdue"]:
            found.append(
                Todo(
                    f"社情民意信息等待超过{settings.waiting_days}天",
                    f"{queue}?tab=todo",
                    counts["overdue"],
                    level="danger",
                    icon="bi-hourglass-split",
                )
            )
        if counts["received"]:
            found.append(Todo("新收到的社情民意信息待编辑", f"{queue}?status=received", counts["received"], icon="bi-inbox"))
        if counts["editing"]:
            found.append(Todo("社情民意信息编辑中", f"{queue}?status=editing", counts["editing"], level="info", icon="bi-pencil"))
        if counts["signed"]:
            found.append(
                Todo(
                    "已签发待编入刊期的信息",
                    reverse("sentiment:bulletins"),
                    counts["signed"],
                    level="success",
                    icon="bi-newspaper",
                )
            )
    if can_write(user):
        from sentiment.selectors import writer_reports

        mine = writer_reports(user).aggregate(
            returned=Count("pk", filter=Q(status=ReportStatus.RETURNED)), drafts=Count("pk", filter=Q(status=ReportStatus.DRAFT))
        )
        url = reverse("sentiment:mine")
        if mine["returned"]:
            found.append(
                Todo(
                    "被退回的社情民意信息",
                    f"{url}?status=returned",
                    mine["returned"],
                    level="warning",
                    icon="bi-arrow-return-left",
                )
            )
        if mine["drafts"]:
            found.append(
                Todo("未提交的社情民意草稿", f"{url}?status=draft", mine["drafts"], level="secondary", icon="bi-file-earmark")
            )
        from sentiment.quotas import my_progress

        for p in my_progress(user):
            if not p.met:
                found.append(
                    Todo(
                        f"{p.period.label}社情民意任务：已完成 {p.done} / {p.target} 篇",
                        reverse("sentiment:my_quotas"),
                        detail=f"{p.name} · {p.quota.get_period_display()}{p.target}篇",
                        level="warning",
                        icon="bi-bullseye",
                    )
                )
    return found
