"""Staff edit a year's rules on the rules page; the change gets a new version and a background
recomputation with a progress page; members read the rules but cannot change them."""

from html.parser import HTMLParser

from members.models import DutyKind, RecomputeStatus, ScoreRecomputation, ScoringRule
from members.scoring_services import recompute_job_run
from tests.members.conftest import YEAR, record
from tests.trust.test_fault_reminders import broker, redis  # noqa: F401 - fixture


class _Form(HTMLParser):
    """The values a browser would submit for the <form method="post" id=…> on the page."""

    def __init__(self, form_id="rules-form"):
        super().__init__()
        self.form_id = form_id
        self.data, self._select, self._textarea, self._in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and a.get("id") == self.form_id:
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            else:
                self.data.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.data.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea:
            name, _ = self.data[-1]
            self.data[-1] = (name, data.strip())

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_data(page, form_id="rules-form"):
    parser = _Form(form_id)
    parser.feed(page)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def test_staff_change_a_rule_and_the_year_is_recomputed(
    client, member_staff, member_a, rule_set, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.CONTACT)
    client.force_login(member_staff)
    data = form_data(client.get(f"/members/duty/rules/edit/?year={YEAR}").content.decode())
    contact = ScoringRule.objects.get(rule_set=rule_set, kind="contact")
    row = next(
        k.split("-")[1] for k, v in data.items() if k.startswith("rules-") and k.endswith("-id") and v == [str(contact.pk)]
    )
    data[f"rules-{row}-points"] = ["3"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/members/duty/rules/edit/?year={YEAR}", data)
    job = ScoreRecomputation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/members/duty/recompute/{job.pk}/"
    assert len(callbacks) >= 1
    rule_set.refresh_from_db()
    assert rule_set.version == 2 and ScoringRule.objects.get(pk=contact.pk).points == 3
    assert "联系界别群众：每次3分" in job.reason
    # the worker ran it (the task was sent on commit; run it here as the worker would)
    recompute_job_run(job.pk)
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and "1 名委员的积分有变化" in page
    rules_page = client.get(f"/members/duty/rules/?year={YEAR}").content.decode()
    rules_list = rules_page.split('id="rules-table"')[1].split("card-footer")[0]
    assert "每次3分，全年最多计20分" in rules_list and "每次2分，全年最多计20分" not in rules_list
    assert "第 2 版" in rules_page and "原：联系界别群众：每次2分" in rules_page  # the change log says what changed


def test_adding_a_rule_for_the_second_half_of_the_year(client, member_staff, rule_set):
    client.force_login(member_staff)
    data = form_data(client.get(f"/members/duty/rules/edit/?year={YEAR}").content.decode())
    extra = int(data["rules-TOTAL_FORMS"][0]) - 1
    data.update(
        {
            f"rules-{extra}-kind": ["studio"],
            f"rules-{extra}-mode": ["fixed"],
            f"rules-{extra}-points": ["5"],
            f"rules-{extra}-effective_from": [f"{YEAR}-07-01"],
            f"rules-{extra}-order": ["99"],
        }
    )
    assert client.post(f"/members/duty/rules/edit/?year={YEAR}", data).status_code == 302
    added = ScoringRule.objects.get(rule_set=rule_set, kind="studio", points=5)
    assert added.committee_id == rule_set.committee_id and str(added.effective_from) == f"{YEAR}-07-01"
    assert f"每次5分（{YEAR}-07-01至年底）" in client.get(f"/members/duty/rules/?year={YEAR}").content.decode()


def test_bad_input_saves_nothing_and_keeps_what_was_typed(client, member_staff, rule_set):
    client.force_login(member_staff)
    data = form_data(client.get(f"/members/duty/rules/edit/?year={YEAR}").content.decode())
    data["rules-0-points"] = ["很多"]
    data["rules-0-effective_from"] = [f"{YEAR}-09-01"]
    data["rules-0-effective_until"] = [f"{YEAR}-03-01"]
    data["grades-1-name"] = ["优秀"]
    page = client.post(f"/members/duty/rules/edit/?year={YEAR}", data).content.decode()
    assert "规则有误，请按提示修改（没有保存任何改动）" in page
    assert "截止日期不能早于起始日期" in page and "等次名称不能重复" in page and 'value="很多"' in page
    rule_set.refresh_from_db()
    assert rule_set.version == 1 and not ScoreRecomputation.objects.exists()


def test_an_unchanged_form_changes_nothing(client, member_staff, rule_set):
    client.force_login(member_staff)
    data = form_data(client.get(f"/members/duty/rules/edit/?year={YEAR}").content.decode())
    page = client.post(f"/members/duty/rules/edit/?year={YEAR}", data, follow=True).content.decode()
    assert "规则没有改动" in page and not ScoreRecomputation.objects.exists()


def test_members_read_the_rules_but_cannot_edit_or_recompute(client, member_a, rule_set):
    client.force_login(member_a.user)
    page = client.get(f"/members/duty/rules/?year={YEAR}").content.decode()
    assert (
        "缺席（未请假）：每次扣10分" in page and "每半天5分" in page and "优秀" in page and "全年联系界别群众不少于40人次" in page
    )
    assert 'id="edit-rules"' not in page
    assert client.get(f"/members/duty/rules/edit/?year={YEAR}").status_code == 403
    assert client.post(f"/members/duty/rules/recompute/?year={YEAR}").status_code == 403


def test_manual_recompute_refuses_a_second_job_while_one_runs(client, member_staff, rule_set):
    client.force_login(member_staff)
    first = client.post(f"/members/duty/rules/recompute/?year={YEAR}")
    job = ScoreRecomputation.objects.get()
    assert first["Location"] == f"/members/duty/recompute/{job.pk}/" and job.status == RecomputeStatus.QUEUED
    page = client.post(f"/members/duty/rules/recompute/?year={YEAR}", follow=True).content.decode()
    assert "已有重新计算任务正在进行" in page and ScoreRecomputation.objects.count() == 1


def test_a_change_in_the_admin_also_gets_a_version_and_a_recomputation(client, admin_user, rule_set):
    client.force_login(admin_user)
    url = f"/admin/members/scoringruleset/{rule_set.pk}/change/"
    data = form_data(client.get(url).content.decode(), "scoringruleset_form")
    row = next(k.split("-")[1] for k, v in data.items() if k.startswith("rules-") and k.endswith("-kind") and v == ["reading"])
    data[f"rules-{row}-points"] = ["4"]
    response = client.post(url, data, follow=True)
    assert "已按第 2 版规则开始重新计算" in response.content.decode()
    rule_set.refresh_from_db()
    assert rule_set.version == 2 and ScoringRule.objects.get(rule_set=rule_set, kind="reading").points == 4
    assert "读书活动：每次2分" in ScoreRecomputation.objects.get().reason


def test_admin_pages_of_the_duty_models_open(client, admin_user, member_a, rule_set):
    from tests.members.conftest import activity

    record = activity(member_a, DutyKind.CONTACT)
    client.force_login(admin_user)
    for url in [
        "/admin/members/scoringruleset/",
        "/admin/members/memberscore/",
        "/admin/members/scorerecomputation/",
        "/admin/members/attendancesheet/",
        "/admin/members/dutyrecord/",
        f"/admin/members/dutyrecord/{record.pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url


def test_recompute_asked_while_the_queue_is_down(client, member_staff, rule_set, redis, django_capture_on_commit_callbacks):  # noqa: F811
    """Redis stopped for real: the request is answered (no 500), the job says in Chinese that it
    could not start instead of waiting 排队中 for ever, and a new request is taken."""
    client.force_login(member_staff)
    with broker(redis.url):
        redis.stop()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/members/duty/rules/recompute/?year={YEAR}")
        job = ScoreRecomputation.objects.get()
        assert response["Location"] == f"/members/duty/recompute/{job.pk}/"
        assert job.status == RecomputeStatus.FAILED and "后台任务队列暂时不可用" in job.error
        assert "后台任务队列暂时不可用" in client.get(response["Location"]).content.decode()

        redis.start()
        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(f"/members/duty/rules/recompute/?year={YEAR}")
    newest = ScoreRecomputation.objects.latest("pk")
    assert again["Location"] == f"/members/duty/recompute/{newest.pk}/" and newest.status == RecomputeStatus.QUEUED
