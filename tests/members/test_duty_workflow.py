"""Self-recorded activities: a member records one on the form, staff verify or reject it with a
reason, the member corrects it; who may see and do what (a member their own file, a convener
their group, staff their committee; everyone else gets 404)."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from members.duty_services import DutyError, duty_activity_withdraw, duty_record_reject, duty_record_verify
from members.models import DutyKind, DutyPhoto, DutyRecord, DutyRecordEvent, DutyStatus, MemberScore
from tests.factories import MemberFactory
from tests.members.conftest import activity, jpeg


def _form(**overrides):
    data = {
        "kind": "contact",
        "occurred_on": timezone.localdate().isoformat(),
        "place": "临江市滨江街道",
        "quantity": "26",
        "title": "走访学校和家长",
        "detail": "家长希望课后服务延长到18时。",
    }
    data.update(overrides)
    return data


def test_member_records_a_contact_activity_with_photos(client, member_a):
    client.force_login(member_a.user)
    response = client.post("/members/duty/new/", {**_form(), "photos": [jpeg("a.jpg"), jpeg("b.jpg")]})
    record = DutyRecord.objects.get(member=member_a)
    assert response.status_code == 302 and response["Location"] == f"/members/duty/records/{record.pk}/"
    assert (record.kind, record.status, record.quantity, record.source) == ("contact", "pending", 26, "")
    assert record.recorded_by == member_a.user and record.year == timezone.localdate().year
    assert [p.original_name for p in record.photos.all()] == ["a.jpg", "b.jpg"]
    assert DutyRecordEvent.objects.get(record=record).to_status == "pending"
    page = client.get(response["Location"]).content.decode()
    assert "待审核" in page and "走访学校和家长" in page and "26 人" in page
    assert 'id="verify-record"' not in page  # the member cannot verify their own record
    photo = client.get(f"/members/duty/photos/{record.photos.first().pk}/")
    assert photo.status_code == 200 and photo["Content-Disposition"].startswith("inline")


def test_a_bad_form_keeps_what_was_typed_and_says_why(client, member_a):
    client.force_login(member_a.user)
    future = (timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat()
    page = client.post("/members/duty/new/", _form(quantity="", occurred_on=future)).content.decode()
    assert "联系界别群众请填写联系人数" in page and "日期不能晚于今天" in page
    assert "走访学校和家长" in page and "家长希望课后服务延长到18时。" in page
    assert not DutyRecord.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(client, member_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member_a.user)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    page = client.post("/members/duty/new/", {**_form(), "photos": [fake]}).content.decode()
    assert "类型不被接受" in page and not DutyRecord.objects.exists()


def test_members_cannot_record_kinds_that_their_organiser_records(client, member_a):
    client.force_login(member_a.user)
    page = client.post("/members/duty/new/", _form(kind="plenary")).content.decode()
    assert "选择一个有效的选项" in page and not DutyRecord.objects.exists()


def test_staff_verify_and_the_score_counts_it(client, member_a, member_staff, django_capture_on_commit_callbacks):
    record = activity(member_a, DutyKind.CONTACT, status=DutyStatus.PENDING, quantity=12)
    client.force_login(member_staff)
    assert "李明华" in client.get("/members/duty/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/members/duty/records/{record.pk}/verify/", {"next": "/members/duty/review/"})
    assert response["Location"] == "/members/duty/review/"
    assert (
        client.post(f"/members/duty/records/{record.pk}/verify/", {"next": "https://evil.example.com/"})["Location"]
        != "https://evil.example.com/"
    )
    record.refresh_from_db()
    assert record.status == "verified" and record.verified_by == member_staff and record.verified_at
    assert MemberScore.objects.get(member=member_a).total == 2
    event = DutyRecordEvent.objects.get(record=record)
    assert (event.from_status, event.to_status, event.actor) == ("pending", "verified", member_staff)
    # verifying twice is refused with a message, not an error page
    response = client.post(f"/members/duty/records/{record.pk}/verify/", follow=True)
    assert "当前为“已审核”，不能审核通过" in response.content.decode()


def test_reject_needs_a_reason_and_the_member_corrects_and_resubmits(client, member_a, member_staff):
    record = activity(member_a, DutyKind.CONTACT, status=DutyStatus.PENDING, quantity=12)
    client.force_login(member_staff)
    page = client.post(f"/members/duty/records/{record.pk}/reject/", {"reason": ""}, follow=True).content.decode()
    assert "请填写退回原因" in page
    assert DutyRecord.objects.get(pk=record.pk).status == "pending"
    client.post(f"/members/duty/records/{record.pk}/reject/", {"reason": "请补充现场照片"})
    record.refresh_from_db()
    assert record.status == "rejected" and record.reject_reason == "请补充现场照片"

    client.force_login(member_a.user)
    page = client.get("/members/duty/").content.decode()
    assert "已退回" in page and "请补充现场照片" in page
    response = client.post(
        f"/members/duty/records/{record.pk}/edit/", {**_form(title="走访学校（补充照片）"), "photos": [jpeg()]}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "pending" and record.reject_reason == "" and record.photos.count() == 1
    steps = list(DutyRecordEvent.objects.filter(record=record).values_list("from_status", "to_status", "comment"))
    assert steps == [("pending", "rejected", "请补充现场照片"), ("rejected", "pending", "修改后重新提交")]


def test_staff_may_revoke_a_verified_record(member_a, member_staff, django_capture_on_commit_callbacks):
    record = activity(member_a, DutyKind.STUDIO, status=DutyStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        duty_record_verify(record, user=member_staff)
    assert MemberScore.objects.get(member=member_a).total == 3
    with django_capture_on_commit_callbacks(execute=True):
        duty_record_reject(record, user=member_staff, reason="经核实当天未值班")
    assert MemberScore.objects.get(member=member_a).total == 0


def test_a_withdrawn_record_keeps_its_photo_file_until_the_withdrawal_commits(member_a, django_capture_on_commit_callbacks):
    pending = activity(member_a, DutyKind.READING, status=DutyStatus.PENDING)
    photo = DutyPhoto.objects.create(committee=member_a.committee, record=pending, image=jpeg(), original_name="x.jpg")
    pk, storage, name = photo.pk, photo.image.storage, photo.image.name
    with pytest.raises(RuntimeError), transaction.atomic():
        duty_activity_withdraw(pending, user=member_a.user)
        raise RuntimeError("something after it failed: the withdrawal is rolled back")
    assert DutyPhoto.objects.filter(pk=pk).exists() and storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        duty_activity_withdraw(pending, user=member_a.user)
    assert not DutyPhoto.objects.filter(pk=pk).exists() and not storage.exists(name)


def test_a_member_may_withdraw_a_pending_record_but_not_a_verified_one(client, member_a):
    pending = activity(member_a, DutyKind.READING, status=DutyStatus.PENDING)
    verified = activity(member_a, DutyKind.READING)
    DutyPhoto.objects.create(committee=member_a.committee, record=pending, image=jpeg(), original_name="x.jpg")
    client.force_login(member_a.user)
    client.post(f"/members/duty/records/{pending.pk}/withdraw/")
    assert not DutyRecord.objects.filter(pk=pending.pk).exists() and not DutyPhoto.objects.exists()
    page = client.post(f"/members/duty/records/{verified.pk}/withdraw/", follow=True).content.decode()
    assert "当前为“已审核”，不能撤回" in page and DutyRecord.objects.filter(pk=verified.pk).exists()
    assert client.get(f"/members/duty/records/{verified.pk}/edit/").status_code == 403


def test_a_member_cannot_verify_even_their_own_record(member_a):
    record = activity(member_a, DutyKind.CONTACT, status=DutyStatus.PENDING)
    with pytest.raises(DutyError, match="没有权限"):
        duty_record_verify(record, user=member_a.user)


def test_records_made_by_another_app_cannot_be_verified_here(member_a, member_staff):
    from tests.members.conftest import record as app_record

    made = app_record(member_a, DutyKind.PROPOSAL_SUBMITTED, role="lead")
    with pytest.raises(DutyError, match="其他模块自动记录"):
        duty_record_reject(made, user=member_staff, reason="x")


def test_who_sees_whose_duty_file(client, group, member_a, member_b, outsider, member_staff, other_staff, leader):
    mine = activity(member_a, DutyKind.CONTACT, status=DutyStatus.PENDING)
    theirs = activity(member_b, DutyKind.CONTACT, status=DutyStatus.PENDING)
    far = activity(outsider, DutyKind.CONTACT, status=DutyStatus.PENDING)
    # member_b is an ordinary member: only their own file
    client.force_login(member_b.user)
    assert client.get(f"/members/duty/members/{member_a.pk}/").status_code == 404
    assert client.get(f"/members/duty/records/{mine.pk}/").status_code == 404
    assert client.get(f"/members/duty/records/{theirs.pk}/").status_code == 200
    assert client.get("/members/duty/ranking/").status_code == 403
    assert client.get("/members/duty/review/").status_code == 403
    # member_a convenes the group: sees member_b, not the outsider; cannot verify
    client.force_login(member_a.user)
    assert "王晓红的履职档案" in client.get(f"/members/duty/members/{member_b.pk}/").content.decode()
    assert client.get(f"/members/duty/members/{outsider.pk}/").status_code == 404
    assert client.get(f"/members/duty/records/{far.pk}/").status_code == 404
    page = client.get(f"/members/duty/records/{theirs.pk}/").content.decode()
    assert "王晓红" in page and 'id="verify-record"' not in page
    assert client.post(f"/members/duty/records/{theirs.pk}/verify/").status_code == 302
    assert DutyRecord.objects.get(pk=theirs.pk).status == "pending"
    # staff: the whole committee; leaders may look but not verify
    client.force_login(member_staff)
    assert client.get(f"/members/duty/members/{outsider.pk}/").status_code == 200
    assert 'id="verify-record"' in client.get(f"/members/duty/records/{far.pk}/").content.decode()
    client.force_login(leader)
    assert client.get(f"/members/duty/members/{outsider.pk}/").status_code == 200
    assert 'id="verify-record"' not in client.get(f"/members/duty/records/{far.pk}/").content.decode()
    assert client.get("/members/duty/review/").status_code == 403
    # staff of another committee see nothing of this one
    client.force_login(other_staff)
    assert client.get(f"/members/duty/members/{member_a.pk}/").status_code == 404
    assert client.get(f"/members/duty/records/{mine.pk}/").status_code == 404
    assert client.get(f"/members/duty/photos/{mine.pk}/").status_code == 404


def test_review_queue_lists_pending_records_with_fixed_queries_and_exports(
    client, member_staff, committee, django_assert_max_num_queries
):
    members = [MemberFactory(user__committee=committee) for _ in range(6)]
    for m in members:
        r = activity(m, DutyKind.CONTACT, status=DutyStatus.PENDING, quantity=9)
        DutyPhoto.objects.create(committee=committee, record=r, image=jpeg(), original_name="x.jpg")
        activity(m, DutyKind.STUDIO)
    client.force_login(member_staff)
    with django_assert_max_num_queries(12):
        page = client.get("/members/duty/review/").content.decode()
    assert page.count('name="record"') == 6 and "委员工作室值班" not in page.split("<tbody>")[1]
    response = client.get("/members/duty/review/?status=&export=xlsx")
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("委员", "界别", "类型") and len(rows) == 13


def test_bulk_verify(client, member_staff, member_a, member_b, django_capture_on_commit_callbacks):
    a = activity(member_a, DutyKind.CONTACT, status=DutyStatus.PENDING)
    b = activity(member_b, DutyKind.READING, status=DutyStatus.PENDING)
    client.force_login(member_staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/members/duty/review/verify/", {"record": [a.pk, b.pk]}, follow=True).content.decode()
    assert "已审核通过 2 条记录" in page
    assert set(DutyRecord.objects.values_list("status", flat=True)) == {"verified"}
    assert MemberScore.objects.get(member=member_b).total == 2


@pytest.mark.django_db(transaction=True)
def test_two_staff_deciding_at_once_one_wins(member_a, member_staff, admin_user):
    if connection.vendor != "postgresql":
        pytest.fail("run on PostgreSQL (make test)")
    record = activity(member_a, DutyKind.CONTACT, status=DutyStatus.PENDING)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(action):
        barrier.wait()
        try:
            if action == "verify":
                duty_record_verify(record, user=member_staff)
            else:
                duty_record_reject(record, user=admin_user, reason="材料不全")
            outcomes.append(action)
        except DutyError as exc:
            outcomes.append(f"refused: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(a,)) for a in ("verify", "reject")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wins = [o for o in outcomes if not o.startswith("refused")]
    record.refresh_from_db()
    # reject may also revoke a verification that came first; verify never overrides a rejection
    assert record.status == "rejected" or wins == ["verify"]
    assert DutyRecordEvent.objects.filter(record=record).count() == len(wins)
