"""seed_demo holds a full year of duty records for ~350 members (and last year too), in every
verification state, with the scores computed after every app has seeded."""

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from members.models import AttendanceSheet, DutyPhoto, DutyRecord, Member, MemberScore, MemberStatus
from members.scoring_services import recompute_committee_year


def test_demo_duty_records_and_scores(db):
    call_command("seed_demo", verbosity=0)
    persona = Member.objects.get(user__username="member")
    city = persona.committee
    year = timezone.localdate().year
    serving = Member.objects.filter(committee=city, status=MemberStatus.SERVING).count()
    assert serving >= 340
    for y in (year - 1, year):
        with_records = DutyRecord.objects.filter(committee=city, year=y).values("member").distinct().count()
        assert with_records >= 340, y
        assert MemberScore.objects.filter(committee=city, year=y).count() >= serving
        sheets = AttendanceSheet.objects.filter(committee=city, held_on__year=y)
        assert sheets.filter(kind="plenary").count() == 1 and sheets.filter(kind="standing_meeting").count() >= 3
    statuses = dict(DutyRecord.objects.filter(committee=city, source="").values_list("status").annotate(n=Count("id")))
    assert statuses["verified"] > 2000 and statuses["pending"] > 50 and statuses["rejected"] > 50
    kinds = set(DutyRecord.objects.filter(committee=city, source="").values_list("kind", flat=True))
    assert kinds == {"contact", "studio", "reading", "training", "research"}
    mine = set(DutyRecord.objects.filter(member=persona, year=year).values_list("status", flat=True))
    assert mine == {"verified", "pending", "rejected"}
    assert DutyPhoto.objects.filter(record__member=persona).count() == 3
    # the stored scores are what a fresh computation gives
    assert recompute_committee_year(city.pk, year)[1] == 0
    # and the persona convenes the fourth activity group
    assert persona.convened_groups.filter(name__startswith="第四委员活动组").exists()
