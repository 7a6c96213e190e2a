"""协商成果: minutes and recommendation reports after the activity, reported within the working
days set, then adoption and what was done."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from consultations.errors import ConsultationError
from consultations.models import Adoption, Outcome, OutcomeKind, OutcomeStatus
from consultations.services import activities as act
from consultations.services.outcomes import outcome_feedback, outcome_save, outcome_submit
from tests.consultations.conftest import notified_activity

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def closed(staff, item, member_a):
    activity = notified_activity(staff, item=item)
    act.activity_close(activity, user=staff)
    activity.refresh_from_db()
    return activity


def test_an_outcome_only_after_the_activity(staff, item):
    activity = notified_activity(staff, item=item)
    with pytest.raises(ConsultationError, match="活动结束后才能形成协商成果"):
        outcome_save(Outcome(activity=activity, kind=OutcomeKind.MINUTES, title="纪要"), user=staff)


def test_from_draft_to_adopted_with_what_was_done(client, staff, closed):
    client.force_login(staff)
    page = client.get(f"/consultations/activities/{closed.pk}/outcomes/new/").content.decode()
    assert "推进城乡义务教育优质均衡发展协商纪要" in page  # the title is proposed
    client.post(
        f"/consultations/activities/{closed.pk}/outcomes/new/",
        {
            "kind": "recommendation",
            "title": "关于推进城乡义务教育优质均衡发展的建议案",
            "content": "一、……二、……",
            "upload": SimpleUploadedFile("建议案.pdf", PDF),
        },
    )
    outcome = Outcome.objects.get()
    assert (
        outcome.status == OutcomeStatus.DRAFT
        and outcome.due_on == closed.outcome_due_on
        and outcome.original_name == "建议案.pdf"
    )
    response = client.post(f"/consultations/outcomes/{outcome.pk}/submit/", {"submitted_to": ""}, follow=True)
    assert "请填写报送对象" in response.content.decode()
    client.post(f"/consultations/outcomes/{outcome.pk}/submit/", {"submitted_to": "市委、市政府"})
    outcome.refresh_from_db()
    assert outcome.status == OutcomeStatus.SUBMITTED and outcome.submitted_on == timezone.localdate()
    page = client.post(
        f"/consultations/outcomes/{outcome.pk}/feedback/", {"adoption": "adopted", "feedback_text": "市长批示"}
    ).content.decode()
    assert "采纳或部分采纳的，请填写成果转化情况" in page and "市长批示" in page  # what was typed stays
    client.post(f"/consultations/outcomes/{outcome.pk}/feedback/", {"adoption": "studying", "feedback_text": "有关部门正在研究"})
    outcome.refresh_from_db()
    assert (outcome.status, outcome.adoption) == (OutcomeStatus.FEEDBACK, Adoption.STUDYING)
    client.post(
        f"/consultations/outcomes/{outcome.pk}/feedback/",
        {
            "adoption": "adopted",
            "feedback_text": "市政府常务会议研究通过",
            "actions_taken": "印发《关于推进义务教育优质均衡发展的实施意见》",
        },
    )
    outcome.refresh_from_db()
    assert outcome.adoption == Adoption.ADOPTED and outcome.actions_taken.startswith("印发")
    assert list(outcome.events.values_list("action", "comment")) == [
        ("起草", ""),
        ("报送", "市委、市政府"),
        ("登记反馈", "未反馈→研究中"),
        ("登记反馈", "研究中→采纳"),
    ]
    page = client.get(outcome.get_absolute_url()).content.decode()
    assert "采纳" in page and "印发《关于推进义务教育优质均衡发展的实施意见》" in page
    response = client.get(f"/consultations/outcomes/{outcome.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_refused_outcome_steps(staff, closed):
    outcome = outcome_save(Outcome(activity=closed, kind=OutcomeKind.MINUTES, title="纪要"), user=staff)
    with pytest.raises(ConsultationError, match="成果报送后才能登记反馈"):
        outcome_feedback(outcome, user=staff, adoption="adopted", actions_taken="x")
    with pytest.raises(ConsultationError, match="请先填写正文或上传文件"):
        outcome_submit(outcome, user=staff, submitted_to="市委")
    outcome.content = "……"
    outcome_save(outcome, user=staff)
    outcome_submit(outcome, user=staff, submitted_to="市委")
    with pytest.raises(ConsultationError, match="已报送，不能再报送"):
        outcome_submit(outcome, user=staff, submitted_to="市委")
    outcome.content = "报送后再改"
    with pytest.raises(ConsultationError, match="正文不能再修改"):
        outcome_save(outcome, user=staff)
    with pytest.raises(ConsultationError, match="请选择采纳情况"):
        outcome_feedback(outcome, user=staff, adoption="maybe")


def test_a_late_report_is_marked(staff, closed):
    outcome = outcome_save(Outcome(activity=closed, kind=OutcomeKind.MINUTES, title="纪要", content="……"), user=staff)
    outcome_submit(
        outcome, user=staff, submitted_to="市委", submitted_on=closed.outcome_due_on.replace(year=closed.outcome_due_on.year + 1)
    )
    assert "超过报送期限" in outcome.events.get(action="报送").comment


def test_the_list_shows_what_is_waiting_and_exports(client, staff, closed, leader, member_a, django_assert_max_num_queries):
    client.force_login(staff)
    page = client.get("/consultations/outcomes/").content.decode()
    assert "待报送成果的活动" in page and closed.title in page
    outcome = outcome_save(
        Outcome(activity=closed, kind=OutcomeKind.MINUTES, title="关于教育均衡的协商纪要", content="……"), user=staff
    )
    outcome_submit(outcome, user=staff, submitted_to="市委、市政府")
    outcome_feedback(outcome, user=staff, adoption="partial", actions_taken="纳入年度工作要点")
    with django_assert_max_num_queries(12):
        page = client.get("/consultations/outcomes/?adoption=partial").content.decode()
    assert "关于教育均衡的协商纪要" in page and "待报送成果的活动" not in page
    rows = list(load_workbook(io.BytesIO(client.get("/consultations/outcomes/?export=xlsx").content)).active.values)
    assert (
        rows[0][0] == "标题"
        and rows[1][0] == "关于教育均衡的协商纪要"
        and rows[1][7] == "部分采纳"
        and rows[1][9] == "纳入年度工作要点"
    )
    client.force_login(leader)  # leaders read
    assert "关于教育均衡的协商纪要" in client.get(outcome.get_absolute_url()).content.decode()
    assert "feedback-form" not in client.get(outcome.get_absolute_url()).content.decode()
    assert client.post(f"/consultations/outcomes/{outcome.pk}/feedback/", {"adoption": "adopted"}).status_code == 403
    client.force_login(member_a.user)  # members do not
    assert client.get("/consultations/outcomes/").status_code == 403
    assert client.get(outcome.get_absolute_url()).status_code == 404
