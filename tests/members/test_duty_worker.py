"""A rule change is recomputed by a real Celery worker (through Redis), and the progress page
ends in 已完成 with the new scores."""

from decimal import Decimal as D

import pytest
from django.db import transaction

from members.models import DutyKind, MemberScore, RecomputeStatus, ScoreRecomputation, ScoringRule
from members.scoring_services import rule_set_for, rule_set_update
from tests.members.conftest import YEAR, record
from tests.worker import Worker, wait_for

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(transactional_db):
    w = Worker(queues="default")
    yield w
    w.stop()


@pytest.mark.django_db(transaction=True)
def test_a_rule_change_is_recomputed_by_the_worker(worker, client, member_a, member_b, member_staff):
    record(member_a, DutyKind.CONTACT)
    record(member_b, DutyKind.CONTACT)
    rule_set = rule_set_for(member_a.committee_id, YEAR)
    with transaction.atomic():
        job = rule_set_update(
            rule_set,
            user=member_staff,
            save_changes=lambda: ScoringRule.objects.filter(rule_set=rule_set, kind="contact").update(points=D(4)),
        )
    assert wait_for(lambda: ScoreRecomputation.objects.get(pk=job.pk).is_finished), worker.output()[-3000:]
    job.refresh_from_db()
    assert job.status == RecomputeStatus.DONE and job.done == job.total == 2
    assert set(MemberScore.objects.filter(year=YEAR).values_list("total", "rule_version")) == {(D(4), 2)}
    client.force_login(member_staff)
    page = client.get(f"/members/duty/recompute/{job.pk}/").content.decode()
    assert "已完成" in page and "100%" in page and "2 名委员的积分有变化" in page
    assert "members.tasks.recompute_scores" in worker.output()
