"""Load figures for the proposal office, on a scratch database (refuses production):

    manage.py proposals_benchmark compilation --count 1000   # render a 1,000-proposal 提案汇编
    manage.py proposals_benchmark search --count 150000      # full-text search over 150,000 rows

Both build a committee of their own ("压力测试政协"), so demo data is left alone. The compilation
run prints pages, seconds and peak memory (ru_maxrss of this process, which renders the chunks
exactly as the worker does); the search run prints query times for typical 1–2 word searches."""

import resource
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cppcc_portal.core.search import segment
from members.models import Committee, CommitteeLevel, HandlingUnit, Session, Term, User
from proposals import demo_words as words
from proposals.defaults import ensure_defaults
from proposals.models import (
    Assignment,
    AssignmentStatus,
    Proposal,
    ProposalCategory,
    ProposalCounter,
    ProposalKind,
    Reply,
    Status,
    Timing,
    UnitRole,
)
from proposals.seed import _reply_text, _text


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "提案性能测试：生成测试数据，测量提案汇编的页数、耗时和内存，或全文检索的耗时。"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["compilation", "search"])
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--chunk", type=int, default=0, help="每段提案数（默认按文档类型的设置）")
        parser.add_argument("--session", type=int, default=0, help="测试数据放在第几次会议（默认：汇编 1，检索 2）")
        parser.add_argument("--prepare", action="store_true", help="只生成汇编的测试数据，输出会议 id（bench/compilation.py 用）")

    def handle(self, what, count, chunk, session, prepare=False, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境不能运行性能测试。")
        committee, session, user, unit = self._committee(session or (1 if what == "compilation" else 2))
        if what == "compilation" and prepare:
            self._compilation_data(committee, session, user, unit, count)
            self.stdout.write(f"session={session.pk} owner={user.pk}")
        elif what == "compilation":
            self._compilation_data(committee, session, user, unit, count)
            self._compilation(committee, session, user, chunk)
        else:
            self._search(committee, session, user, count)

    def _committee(self, number):
        committee, _ = Committee.objects.get_or_create(
            name="中国人民政治协商会议压力测试市委员会", defaults={"short_name": "压力测试政协", "level": CommitteeLevel.CITY}
        )
        term, _ = Term.objects.get_or_create(
            committee=committee, number=1, defaults={"start_year": 2026, "end_year": 2031, "is_current": True}
        )
        session, _ = Session.objects.get_or_create(
            committee=committee, term=term, number=number, defaults={"year": 2025 + number, "is_current": number == 1}
        )
        user, _ = User.objects.get_or_create(username="bench-staff", defaults={"full_name": "测试员", "committee": committee})
        unit, _ = HandlingUnit.objects.get_or_create(committee=committee, name="市测试局")
        ensure_defaults(committee.pk)
        return committee, session, user, unit

    def _proposals(self, committee, session, user, count, *, with_text=True):
        import random

        rng = random.Random(7)
        categories = list(ProposalCategory.objects.filter(committee=committee))
        topics = [(c, t) for c in categories for t in words.TOPICS.get(c.name, [])]
        now = timezone.now()
        start = Proposal.objects.filter(session=session).count()
        rows = []
        cache = {}
        for i in range(count):
            category, (topic, short, _) = rng.choice(topics)
            grounds, suggestions = _text(rng, topic, short)
            title = f"关于{rng.choice(words.PREFIXES)}{topic}的建议"
            if with_text:
                search = segment(" ".join([title, title, grounds, suggestions, category.name]))
            else:  # 150k rows: segment each distinct title once, reuse the text's words
                key = (title, short)
                if key not in cache:
                    cache[key] = segment(" ".join([title, title, grounds, suggestions, category.name]))
                search = cache[key]
            rows.append(
                Proposal(
                    committee=committee,
                    session=session,
                    kind=ProposalKind.COLLECTIVE,
                    timing=Timing.PLENARY,
                    status=Status.CLOSED,
                    number=start + i + 1,
                    body=_body(committee),
                    created_by=user,
                    title=title,
                    grounds=grounds if with_text else grounds[:200],
                    suggestions=suggestions if with_text else suggestions[:200],
                    category=category,
                    submitted_at=now,
                    first_submitted_at=now,
                    accepted_at=now,
                    replied_at=now,
                    search_text=search,
                )
            )
        return rows

    def _compilation_data(self, committee, session, user, unit, count):
        existing = Proposal.objects.filter(session=session).count()
        if existing > count:
            raise CommandError(f"该会议已有 {existing} 件提案，请用 --session 选另一次会议。")
        if existing < count:
            self.stdout.write(f"生成 {count - existing} 件提案及答复……")
            with transaction.atomic():
                rows = self._proposals(committee, session, user, count - existing)
                Proposal.objects.bulk_create(rows, batch_size=500)
                deadline = date.today() + timedelta(days=90)
                assignments = Assignment.objects.bulk_create(
                    [
                        Assignment(
                            committee=committee,
                            proposal=p,
                            unit=unit,
                            role=UnitRole.LEAD,
                            status=AssignmentStatus.REPLIED,
                            assigned_at=timezone.now(),
                            assigned_by=user,
                            deadline=deadline,
                            original_deadline=deadline,
                        )
                        for p in rows
                    ],
                    batch_size=500,
                )
                Reply.objects.bulk_create(
                    [
                        Reply(
                            committee=committee,
                            assignment=a,
                            proposal=a.proposal,
                            result_code="AB"[i % 2],
                            text=_reply_text("AB"[i % 2], a.proposal.title, a.proposal.title[2:10]),
                            signer="测试",
                            contact_person="测试",
                            contact_phone="0",
                            submitted_by=user,
                            submitted_at=timezone.now(),
                        )
                        for i, a in enumerate(assignments)
                    ],
                    batch_size=500,
                )
                ProposalCounter.objects.update_or_create(session=session, defaults={"last_number": count})

    def _compilation(self, committee, session, user, chunk):
        from cppcc_portal.documents.models import GeneratedDocument
        from cppcc_portal.documents.services import document_render

        params = {"session_id": session.pk}
        if chunk:
            params["chunk_size"] = chunk
        doc = GeneratedDocument.objects.create(
            committee=committee, owner=user, kind="proposal_compilation", title="压力测试提案汇编", params=params
        )
        before = peak_mb()
        started = time.monotonic()
        document_render(doc.pk)
        seconds = time.monotonic() - started
        doc.refresh_from_db()
        if doc.status != "done":
            raise CommandError(doc.error)
        self.stdout.write(
            self.style.SUCCESS(
                f"提案汇编：{Proposal.objects.filter(session=session).count()} 件，{doc.page_count} 页，"
                f"{seconds:.1f} 秒（{doc.page_count / seconds:.1f} 页/秒），进程峰值内存 {peak_mb():.0f} MB（渲染前 {before:.0f} MB），"
                f"文件 {doc.file.size / 1024 / 1024:.1f} MB：{doc.file.path}"
            )
        )

    def _search(self, committee, session, user, count):
        from proposals.filters import search_proposals

        existing = Proposal.objects.filter(session=session).count()
        batch = 5000
        started = time.monotonic()
        while existing < count:
            n = min(batch, count - existing)
            with transaction.atomic():
                Proposal.objects.bulk_create(self._proposals(committee, session, user, n, with_text=False), batch_size=1000)
            existing += n
            self.stdout.write(f"已生成 {existing} 件（{time.monotonic() - started:.0f} 秒）")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE proposals_proposal")
        base = Proposal.objects.filter(committee=committee, session=session)
        for words_ in ["教育", "医疗", "养老 社区", "农村 公路", "停车", "非物质文化遗产", "营商环境 民营企业"]:
            qs = search_proposals(base, words_)
            timings = []
            for _ in range(3):
                t = time.monotonic()
                total = qs.count()
                page = list(qs.order_by("-id").values_list("pk", "title")[:20])
                timings.append((time.monotonic() - t) * 1000)
            self.stdout.write(f"“{words_}”：{total} 件，计数+首页 {min(timings):.0f} ms（3 次中最快）")
            assert page is not None
        if connection.vendor == "postgresql":
            sql, params = search_proposals(base, "教育").query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
                plan = [row[0] for row in cursor.fetchall()]
            self.stdout.write("\n".join(plan[:8]))


def _body(committee):
    from members.models import Body

    body, _ = Body.objects.get_or_create(committee=committee, name="测试提案单位", defaults={"kind": "party"})
    return body
