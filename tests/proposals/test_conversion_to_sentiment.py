"""转社情民意 end to end: the proposal staff convert, and the report waits in the committee's own
社情民意 intake queue with the proposer as its writer."""

from members.models import DutyKind, DutyRecord
from proposals import services
from proposals.models import Status
from sentiment.models import Report


def test_a_converted_proposal_arrives_in_the_sentiment_queue(make_submitted, member_a, proposal_staff):
    proposal = make_submitted(member_a)
    services.proposal_to_report(proposal, user=proposal_staff, comment="反映的情况具有普遍性")
    proposal.refresh_from_db()
    report = Report.objects.get(committee=proposal.committee)
    assert proposal.status == Status.TO_REPORT and proposal.converted_url == report.get_absolute_url()
    assert report.title == proposal.title
    assert [w.member_id for w in report.writers.all()] == [member_a.pk]
    assert DutyRecord.objects.filter(
        member=member_a, kind=DutyKind.REPORT_SUBMITTED, source=f"sentiment.Report:{report.pk}"
    ).exists()
