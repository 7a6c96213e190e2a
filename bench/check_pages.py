"""Open the pages the load runner measures as each demo persona, with Django's test client, on
the database named by DATABASE_URL; print status, time, query count and what rows the page shows.

    .venv/bin/python bench/check_pages.py            # exits 1 when a page is not 200

Timings are single requests on a shared machine: read the query counts, not the milliseconds."""

import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_portal.settings")

PERSONAS = ["member", "staff", "unit", "editor", "leader", "admin", "qs_editor", "js_editor"]
PAGES = [
    ("工作台", "/"),
    ("提案列表", "/proposals/"),
    ("我的提案", "/proposals/mine/"),
    ("提案详情", "{detail}"),
    ("承办单位收件箱", "/proposals/inbox/"),
    ("提案统计", "/proposals/stats/"),
    ("履职排名", "/members/duty/ranking/"),
    ("我的履职", "/members/duty/"),
    ("社情民意待编辑", "/sentiment/queue/"),
    ("协商日历", "/consultations/calendar/"),
]


def detail_url(user):
    from proposals.models import Proposal

    mine = Proposal.objects.filter(committee_id=user.committee_id).exclude(status="draft")
    unit_ids = list(user.handling_units.values_list("pk", flat=True))
    if unit_ids:
        mine = mine.filter(assignments__unit_id__in=unit_ids)
    elif hasattr(user, "member_profile"):
        mine = mine.filter(proposer__user=user)
    p = mine.order_by("-pk").first() or Proposal.objects.filter(committee_id=user.committee_id).order_by("-pk").first()
    return f"/proposals/{p.pk}/" if p else "/proposals/"


def rows_shown(html):
    """Rows of the page's tables and list items, and any 共 N 条 total it prints."""
    body = html.split("<main", 1)[-1]
    rows = body.count("<tr") - body.count("<thead")
    total = re.search(r"共\s*([\d,]+)\s*(?:条|件|篇|名|人|项)", body)
    return max(rows, 0), (total.group(1) if total else "")


def main():
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from members.models import User

    logging.disable(logging.CRITICAL)  # refused pages (403/404) are expected for some personas
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    failures = 0
    print(f"{'用户':<10} {'页面':<14} {'状态':>4} {'毫秒':>7} {'查询':>5} {'行':>5}  合计")
    for username in PERSONAS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for label, url in PAGES:
            url = url.format(detail=detail_url(user))
            with CaptureQueriesContext(connection) as queries:
                started = time.monotonic()
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
                ms = (time.monotonic() - started) * 1000
            ok = response.status_code in (200, 302, 403, 404)
            failures += response.status_code >= 500
            rows, total = rows_shown(response.content.decode(errors="replace")) if response.status_code == 200 else (0, "")
            mark = "" if ok else "  ← 错误"
            print(
                f"{username:<10} {label:<14} {response.status_code:>4} {ms:7.0f} {len(queries):>5} {rows:>5}  {total}{mark}  {url}"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
