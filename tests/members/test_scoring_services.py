"""Rule sets per year, stored scores kept in step with the records (the on_duty_changed hook),
rule changes recomputed by a background job, and the edge cases the issue names."""

from decimal import Decimal as D

import pytest
from django.db import connection

from cppcc_portal.page_cache.tracking import BumpAtCommit
from members.duty import duty_record_upsert, duty_record_withdraw
from members.models import (
    DutyKind,
    DutyRecord,
    MemberScore,
    RecomputeStatus,
    ScoreRecomputation,
    ScoringRule,
    ScoringRuleSet,
)
from members.scoring_services import (
    recompute_committee_year,
    recompute_job_run,
    rule_set_for,
    rule_set_update,
    scores_are_current,
)
from tests.members.conftest import YEAR, activity, day, record


def stored(member, year=YEAR):
    return MemberScore.objects.get(member=member, year=year)


def test_first_use_makes_the_domain_defaults_and_the_next_year_copies_them(committee):
    first = rule_set_for(committee.pk, YEAR - 1)
    assert first.name == f"临江市政协{YEAR - 1}年度委员履职量化考核办法"
    assert first.rules.count() == 31 and first.grades.count() == 4 and first.minimums.count() == 6
    contact = first.rules.get(kind=DutyKind.CONTACT)
    contact.points = D(3)
    contact.save()
    second = rule_set_for(committee.pk, YEAR)
    assert second.pk != first.pk and second.rules.get(kind=DutyKind.CONTACT).points == 3
    assert rule_set_for(committee.pk, YEAR).pk == second.pk
    assert ScoringRuleSet.objects.filter(committee=committee).count() == 2


def test_a_record_from_another_app_updates_the_score_when_it_commits(member_a, django_capture_on_commit_callbacks, monkeypatch):
    import members.scoring_services as services

    services._batch.pairs = set()  # nothing left over from other tests in this process
    passes = []
    real = services.recompute_members
    monkeypatch.setattr(services, "recompute_members", lambda ids, years, **kw: passes.append(set(ids)) or real(ids, years, **kw))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record(member_a, DutyKind.PLENARY, attendance="present", quantity=7)
        record(member_a, DutyKind.CONSULTATION, attendance="present")
    assert not MemberScore.objects.filter(member=member_a).exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert passes == [{member_a.pk}]  # one recomputation per transaction, however many records
    score = stored(member_a)
    assert score.total == 40 and score.rule_version == 1


def test_recording_the_same_thing_again_writes_nothing(member_a, django_capture_on_commit_callbacks):
    kwargs = {
        "source": "proposals.Proposal:7",
        "member": member_a,
        "kind": DutyKind.PROPOSAL_ACCEPTED,
        "occurred_on": day(3, 1),
        "title": "关于课后服务的建议",
        "role": "lead",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = duty_record_upsert(**kwargs)
    history = first.history.count()
    updated_at = DutyRecord.objects.get(pk=first.pk).updated_at
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = duty_record_upsert(**kwargs)
    assert again.pk == first.pk and callbacks == []
    assert first.history.count() == history
    assert DutyRecord.objects.get(pk=first.pk).updated_at == updated_at


def test_a_source_record_that_changes_after_scoring_changes_the_score(member_a, django_capture_on_commit_callbacks):
    proposal = {
        "source": "proposals.Proposal:12",
        "member": member_a,
        "occurred_on": day(2, 1),
        "title": "关于课后服务的建议",
        "role": "lead",
    }
    report = {
        "source": "sentiment.Report:5",
        "member": member_a,
        "kind": DutyKind.REPORT_ADOPTED,
        "occurred_on": day(4, 1),
        "title": "社情民意",
    }
    with django_capture_on_commit_callbacks(execute=True):
        duty_record_upsert(kind=DutyKind.PROPOSAL_SUBMITTED, **proposal)
        duty_record_upsert(level="own", points=1, **report)
    assert stored(member_a).total == 5 + 1
    # the proposal is accepted later; the adoption is upgraded to the upper committee
    with django_capture_on_commit_callbacks(execute=True):
        duty_record_upsert(kind=DutyKind.PROPOSAL_ACCEPTED, **{**proposal, "occurred_on": day(5, 1)})
        duty_record_upsert(level="upper", points=6, **report)
    assert stored(member_a).total == 5 + 15 + 6
    assert DutyRecord.objects.get(source="sentiment.Report:5").level == "upper"
    # and withdrawn (e.g. the proposal was merged away)
    with django_capture_on_commit_callbacks(execute=True):
        duty_record_withdraw(source="proposals.Proposal:12", kinds=[DutyKind.PROPOSAL_ACCEPTED])
    assert stored(member_a).total == 5 + 6


def test_a_record_moved_to_another_year_leaves_the_old_years_score(member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.CONTACT, on=day(12, 30, YEAR - 1), source="x:1")
    assert stored(member_a, YEAR - 1).total == 2
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.CONTACT, on=day(1, 2), source="x:1")
    assert stored(member_a, YEAR - 1).total == 0
    assert stored(member_a, YEAR).total == 2


def test_a_rolled_back_change_recomputes_nothing(member_a, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                record(member_a, DutyKind.CONTACT)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and not MemberScore.objects.filter(member=member_a).exists()


def _edit_contact_points(rule_set, points, user):
    def save():
        ScoringRule.objects.filter(rule_set=rule_set, kind=DutyKind.CONTACT).update(points=points)

    return rule_set_update(rule_set, user=user, save_changes=save)


def test_a_rule_changed_mid_year_recomputes_every_score_in_the_background(
    member_a, member_b, member_staff, rule_set, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activity(member_a, DutyKind.CONTACT, on=day(2, 1))
        activity(member_a, DutyKind.CONTACT, on=day(8, 1))
        activity(member_b, DutyKind.CONTACT, on=day(3, 1))
    recompute_committee_year(member_a.committee_id, YEAR)
    assert (stored(member_a).total, stored(member_b).total) == (4, 2)
    assert scores_are_current(rule_set)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _edit_contact_points(rule_set, D(3), member_staff)
    rule_set.refresh_from_db()
    assert rule_set.version == 2 and rule_set.updated_by == member_staff
    assert job.status == RecomputeStatus.QUEUED and job.rule_version == 2
    assert "联系界别群众：每次2分" in job.reason and "联系界别群众：每次3分" in job.reason
    sent = [c for c in callbacks if not isinstance(c, BumpAtCommit)]  # the page cache's own
    assert len(sent) == 1  # the task is sent only once the change commits
    # until the job runs, the stored scores no longer match the rules: pages must not show them
    assert not scores_are_current(rule_set)

    recompute_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == RecomputeStatus.DONE and job.done == job.total == 2 and job.changed == 2
    assert (stored(member_a).total, stored(member_b).total) == (6, 3)
    assert scores_are_current(rule_set) and stored(member_a).rule_version == 2


def test_a_second_change_supersedes_a_job_that_has_not_finished(member_a, member_staff, rule_set):
    first = _edit_contact_points(rule_set, D(3), member_staff)
    second = _edit_contact_points(rule_set, D(4), member_staff)
    recompute_job_run(first.pk)
    first.refresh_from_db()
    assert first.status == RecomputeStatus.SUPERSEDED
    recompute_job_run(second.pk)
    assert ScoreRecomputation.objects.get(pk=second.pk).status == RecomputeStatus.DONE


def test_each_year_keeps_its_own_rules_and_scores(member_a, member_staff, django_capture_on_commit_callbacks):
    last = rule_set_for(member_a.committee_id, YEAR - 1)
    this = rule_set_for(member_a.committee_id, YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.CONTACT, on=day(5, 1, YEAR - 1))
        record(member_a, DutyKind.CONTACT, on=day(5, 1))
    job = _edit_contact_points(this, D(5), member_staff)
    recompute_job_run(job.pk)
    assert stored(member_a, YEAR).total == 5
    assert stored(member_a, YEAR - 1).total == 2
    last.refresh_from_db()
    assert last.version == 1


def test_a_member_who_moves_sector_keeps_the_score_and_ranks_in_the_new_sector(
    client, member_staff, member_a, other_sector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.PLENARY, attendance="present", quantity=7)
    before = stored(member_a)
    old_sector = member_a.sector
    member_a.sector = other_sector
    member_a.save()
    client.force_login(member_staff)
    page = client.get(f"/members/duty/ranking/?year={YEAR}&sector={other_sector.pk}").content.decode()
    assert "李明华" in page and ">35<" in page
    page = client.get(f"/members/duty/ranking/?year={YEAR}&sector={old_sector.pk}").content.decode()
    assert "李明华" not in page
    # the records stay with the member, so a recomputation gives the same score
    recompute_committee_year(member_a.committee_id, YEAR)
    assert stored(member_a).total == before.total == 35


def test_stored_scores_are_only_rewritten_when_they_change(member_a, rule_set):
    activity(member_a, DutyKind.CONTACT)
    assert recompute_committee_year(member_a.committee_id, YEAR) == (1, 1)
    computed_at = stored(member_a).computed_at
    assert recompute_committee_year(member_a.committee_id, YEAR) == (1, 0)
    assert stored(member_a).computed_at == computed_at


@pytest.mark.django_db(transaction=True)
def test_a_record_committed_while_the_job_runs_is_not_lost(member_a, member_b, member_staff, monkeypatch):
    """The job computes each chunk while holding the members' row locks; a record change that
    commits meanwhile is scored by the hook after the job's chunk, never overwritten by it."""
    import threading

    from django.db import transaction

    import members.scoring_services as services

    if connection.vendor != "postgresql":
        pytest.fail("run on PostgreSQL (make test)")
    from members.tasks import recompute_scores

    # the job is run right here, in a thread; no task goes to the broker for a worker to find later
    monkeypatch.setattr(recompute_scores, "delay_on_commit", lambda *args: None)
    rule_set = rule_set_for(member_a.committee_id, YEAR)
    job = _edit_contact_points(rule_set, D(3), member_staff)
    in_chunk, release = threading.Event(), threading.Event()
    real_records = services.records_by_member

    def slow_records(*args, **kwargs):
        found = real_records(*args, **kwargs)
        if threading.current_thread().name == "job":
            in_chunk.set()
            release.wait(10)
        return found

    services.records_by_member = slow_records
    try:
        worker = threading.Thread(target=lambda: (recompute_job_run(job.pk), connection.close()), name="job")
        worker.start()
        assert in_chunk.wait(10)

        def add_record():
            with transaction.atomic():
                record(member_a, DutyKind.CONTACT, source="late:1")
            connection.close()

        writer = threading.Thread(target=add_record)
        writer.start()  # commits the record, then its hook waits for member_a's lock
        writer.join(0.5)
        release.set()
        worker.join(20)
        writer.join(20)
    finally:
        services.records_by_member = real_records
    assert stored(member_a).total == 3 and stored(member_a).rule_version == 2
