"""The benchmark's generator at a tiny scale on the test database: what it writes must hold the
invariants the portal relies on (the demo personas' pages read all of it at full scale)."""

from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench.gen import Gen, run
from cppcc_portal.core.search import segment
from members.models import Committee, DutyRecord, Member, MemberScore, MemberStatus
from members.scoring import score
from members.scoring_services import load_rules, records_by_member, rule_set_for
from proposals.models import NUMBERED_STATES, Proposal, ProposalCounter
from proposals.services.common import search_document
from sentiment.models import Bulletin, BulletinSeries, Report

# The data is written once for the module (committed, as the generator's COPY and worker processes
# need), read by each test inside its own rolled-back transaction, and flushed at the end. The
# generator runs seed_demo first, which is most of the time here; allow for a loaded machine.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        gen = Gen(scale=0.001, seed=3, out=lambda s: None)
        orgs = run(gen)
        yield gen, orgs
        call_command("flush", interactive=False, verbosity=0)


def test_committees_at_every_level_hold_members_proposals_and_reports(generated):
    _gen, orgs = generated
    levels = defaultdict(int)
    for c in Committee.objects.all():
        levels[c.level] += 1
    assert levels == {"province": 1, "city": 2, "county": 2}
    for org in orgs:
        serving = Member.objects.filter(committee_id=org.pk, status=MemberStatus.SERVING).count()
        assert serving >= 25, org.short
        assert Proposal.objects.filter(committee_id=org.pk).exists(), org.short
        assert Report.objects.filter(committee_id=org.pk).exists(), org.short
        # each committee holds its share (the demo's own members count towards theirs)
        assert Member.objects.filter(committee_id=org.pk).count() == org.member_target, org.short
    assert Member.objects.filter(committee__short_name="临江市政协").count() >= 351


def test_proposal_numbers_run_without_gaps_and_match_the_counters(generated):
    numbers = defaultdict(list)
    for session_id, number, status in Proposal.objects.values_list("session_id", "number", "status"):
        if status in NUMBERED_STATES:
            numbers[session_id].append(number)
        elif status != "merged":
            assert number is None
    counters = dict(ProposalCounter.objects.values_list("session_id", "last_number"))
    assert len(numbers) >= 5 * 5 - 2  # five sessions in (nearly) every committee
    for session_id, got in numbers.items():
        assert sorted(got) == list(range(1, len(got) + 1)), session_id
        assert counters[session_id] == len(got)


def test_bulletins_are_numbered_per_year_and_in_total_without_gaps(generated):
    by_series = defaultdict(list)
    for b in Bulletin.objects.exclude(number=None).order_by("issued_on", "id"):
        by_series[(b.committee_id, b.kind)].append(b)
    assert len(by_series) >= 5
    for (committee_id, kind), issues in by_series.items():
        assert [b.total_number for b in issues] == list(range(1, len(issues) + 1)), committee_id
        per_year = defaultdict(list)
        for b in issues:
            per_year[b.year].append(b.number)
        for year, got in per_year.items():
            assert got == list(range(1, len(got) + 1)), (committee_id, year)
        series = BulletinSeries.objects.get(committee_id=committee_id, kind=kind)
        assert (series.last_year, series.last_number, series.last_total) == (issues[-1].year, issues[-1].number, len(issues))
        for b in issues:  # the texts quoting a number quote the right one
            for report in b.reports.all():
                assert report.adoptions.get(bulletin=b).adopted_by.endswith(f"{b.year}年第{b.number}期")


def test_search_text_is_the_apps_own(generated):
    for p in Proposal.objects.order_by("?")[:60]:
        assert p.search_text and p.search_text == segment(search_document(p)), p.pk
    for r in Report.objects.filter(forwarded_from=None).order_by("?")[:60]:
        assert r.search_text == segment(f"{r.title} {r.content}"), r.pk


def test_every_serving_member_has_the_score_the_engine_gives(generated):
    gen, orgs = generated
    year = gen.today.year
    for org in orgs:
        serving = set(Member.objects.filter(committee_id=org.pk, status=MemberStatus.SERVING).values_list("pk", flat=True))
        stored = {s.member_id: s for s in MemberScore.objects.filter(committee_id=org.pk, year=year)}
        assert serving <= set(stored), org.short
        rules = load_rules(rule_set_for(org.pk, year))
        records = records_by_member(org.pk, year)
        for member_id in list(serving)[:15]:
            result = score(records.get(member_id, []), rules, as_of=timezone.localdate())
            assert stored[member_id].total == result.total
            assert stored[member_id].breakdown == result.breakdown_json()
    assert DutyRecord.objects.filter(source__startswith="proposals.Proposal:").exists()
    assert DutyRecord.objects.filter(source__startswith="sentiment.Report:", kind="report_adopted").exists()
    assert DutyRecord.objects.filter(source__startswith="consultations.Activity:").exists()


def test_reminders_have_work_across_the_province(generated):
    gen, _orgs = generated
    from proposals.models import Assignment, CosignInvitation
    from sentiment.models import Report as R

    assert Assignment.objects.filter(status="active", deadline__lt=gen.today).exists()
    assert Assignment.objects.filter(status="active", deadline__gte=gen.today).exists()
    assert CosignInvitation.objects.filter(status="pending", expires_at__gt=timezone.now()).exists()
    assert R.objects.filter(status__in=["received", "editing"]).exists()


def test_no_foreign_key_points_nowhere(generated):
    """The load ran without foreign-key triggers: check every foreign key now."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
            """
        )
        broken = []
        for table, column, target, target_column in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM {target} p WHERE p."{target_column}" = t."{column}")'
            )
            if cursor.fetchone()[0]:
                broken.append(f"{table}.{column}")
    assert broken == []
