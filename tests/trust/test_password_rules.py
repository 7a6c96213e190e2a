"""Password complexity, history and expiry, on the pages people use and in the admin's forms."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cppcc_portal.accounts.models import PasswordRecord
from cppcc_portal.accounts.password_expiry import is_expired
from cppcc_portal.accounts.password_rules import CharacterClassValidator
from members.models import User
from tests.factories import TEST_PASSWORD
from tests.trust.conftest import log_in, page_text

pytestmark = pytest.mark.usefixtures("fast_hasher")

CHANGE = "/accounts/password/change/"


def change_password(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def password_is(user, password):
    user.refresh_from_db()
    return user.check_password(password)


@pytest.mark.parametrize(
    ("password", "missing"),
    [("lijiang2026", "大写字母、符号"), ("LIJIANG2026", "小写字母、符号"), ("Lijiangshi", "数字、符号")],
)
def test_two_classes_are_refused_naming_what_to_add(password, missing):
    with pytest.raises(ValidationError) as raised:
        CharacterClassValidator(min_classes=3).validate(password)
    assert raised.value.messages == [f"密码须包含大写字母、小写字母、数字、符号中的至少 3 类，还可以加入：{missing}。"]


@pytest.mark.parametrize("password", ["Lijiang2026", "lijiang-2026", "LIJIANG_city", "临江市政协Abc"])
def test_three_classes_are_enough(password):
    CharacterClassValidator(min_classes=3).validate(password)


def test_member_gets_chinese_reasons_and_keeps_the_old_password(client, member_a):
    client.force_login(member_a.user)
    response = change_password(client, TEST_PASSWORD, "lijiang2026")
    text = page_text(response)
    assert "密码须包含大写字母、小写字母、数字、符号中的至少 3 类" in text
    assert password_is(member_a.user, TEST_PASSWORD)

    text = page_text(change_password(client, TEST_PASSWORD, "Ab1-x"))
    assert "密码长度太短，至少需要 8 个字符。" in text
    assert "须包含大写字母、小写字母、数字、符号中的至少 3 类。" in text  # the rules are on the page
    assert password_is(member_a.user, TEST_PASSWORD)

    response = change_password(client, TEST_PASSWORD, "Lijiang-2026")
    assert response["Location"] == "/accounts/password/change/done/"
    assert password_is(member_a.user, "Lijiang-2026")


def test_minimum_length_is_a_setting(client, member_a, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {**v, "OPTIONS": {"min_length": 12}} if v["NAME"].endswith("MinimumLengthValidator") else v
        for v in settings.AUTH_PASSWORD_VALIDATORS
    ]
    client.force_login(member_a.user)
    assert "密码长度太短，至少需要 12 个字符。" in page_text(change_password(client, TEST_PASSWORD, "Lijiang-26"))
    assert password_is(member_a.user, TEST_PASSWORD)


def test_the_last_five_passwords_cannot_be_reused(client, member_a):
    user = member_a.user
    client.force_login(user)
    assert "不能使用最近 5 次用过的密码" in page_text(change_password(client, TEST_PASSWORD, TEST_PASSWORD))

    chain = [TEST_PASSWORD] + [f"Lijiang-{year}" for year in range(2021, 2026)]
    for old, new in zip(chain, chain[1:], strict=False):
        assert change_password(client, old, new).status_code == 302, new
    assert password_is(user, "Lijiang-2025")
    assert PasswordRecord.objects.filter(user=user).count() == 5  # only the last five hashes are kept

    for recent in ["Lijiang-2021", "Lijiang-2024"]:
        assert "不能使用最近 5 次用过的密码" in page_text(change_password(client, "Lijiang-2025", recent))
        assert password_is(user, "Lijiang-2025")
    # Six changes back is allowed again.
    assert change_password(client, "Lijiang-2025", TEST_PASSWORD).status_code == 302
    assert password_is(user, TEST_PASSWORD)


def test_admin_adding_a_user_meets_the_same_rules(client, admin_user, committee):
    client.force_login(admin_user)
    weak = {"username": "new_clerk", "full_name": "钱小燕", "committee": committee.pk, "usable_password": "true"}
    response = client.post("/admin/members/user/add/", {**weak, "password1": "qianxiaoyan", "password2": "qianxiaoyan"})
    assert "密码须包含大写字母、小写字母、数字、符号中的至少 3 类" in page_text(response)
    assert not User.objects.filter(username="new_clerk").exists()

    response = client.post("/admin/members/user/add/", {**weak, "password1": "Qian-xy-2026", "password2": "Qian-xy-2026"})
    assert response.status_code == 302
    created = User.objects.get(username="new_clerk")
    assert created.check_password("Qian-xy-2026")
    assert PasswordRecord.objects.filter(user=created).count() == 1  # its expiry clock has started


def test_admin_setting_a_password_cannot_reuse_a_recent_one(client, admin_user, member_a):
    user = member_a.user
    user.set_password("Lijiang-2025")
    user.save()
    user.set_password("Lijiang-2026")
    user.save()
    client.force_login(admin_user)
    url = f"/admin/members/user/{user.pk}/password/"
    response = client.post(url, {"password1": "Lijiang-2025", "password2": "Lijiang-2025", "usable_password": "true"})
    assert "不能使用最近 5 次用过的密码" in page_text(response)
    assert password_is(user, "Lijiang-2026")
    response = client.post(url, {"password1": "Lijiang-2027", "password2": "Lijiang-2027", "usable_password": "true"})
    assert response.status_code == 302
    assert password_is(user, "Lijiang-2027")


def age_password(user, days):
    PasswordRecord.objects.filter(user=user).update(set_at=timezone.now() - timedelta(days=days))


def test_expired_password_opens_only_the_change_page(client, member_a):
    user = member_a.user
    user.set_password("Lijiang-2025")
    user.save()
    age_password(user, 91)
    assert log_in(client, "member_a", "Lijiang-2025")["Location"] == "/"

    for path in ["/", "/proposals/", "/notifications/", "/members/me/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == CHANGE, path
    assert client.get("/", headers={"HX-Request": "true"})["HX-Redirect"] == CHANGE
    text = page_text(client.get(CHANGE))
    assert "您的密码已使用超过 90 天，按安全规定须先修改密码，修改后才能继续使用平台。" in text

    assert change_password(client, "Lijiang-2025", "Lijiang-2026")["Location"] == "/accounts/password/change/done/"
    assert "我的工作台" in page_text(client.get("/"))
    assert password_is(user, "Lijiang-2026")


def test_password_younger_than_the_limit_is_left_alone(client, member_a):
    member_a.user.set_password("Lijiang-2025")
    member_a.user.save()
    age_password(member_a.user, 89)
    log_in(client, "member_a", "Lijiang-2025")
    assert "我的工作台" in page_text(client.get("/"))


def test_expiry_is_a_setting(client, member_a, settings):
    settings.PASSWORD_EXPIRY_DAYS = 0
    member_a.user.set_password("Lijiang-2025")
    member_a.user.save()
    age_password(member_a.user, 400)
    log_in(client, "member_a", "Lijiang-2025")
    assert "我的工作台" in page_text(client.get("/"))


def test_account_without_history_starts_its_clock_at_first_login(client, member_a):
    assert not PasswordRecord.objects.filter(user=member_a.user).exists()  # made by bulk import, say
    log_in(client, "member_a")
    record = PasswordRecord.objects.get(user=member_a.user)
    assert timezone.now() - record.set_at < timedelta(minutes=1)
    assert "我的工作台" in page_text(client.get("/"))


def test_a_password_changed_on_the_admin_page_is_not_taken_for_expired(client, admin_user):
    admin_user.set_password("Zhaolei-2025")
    admin_user.save()
    age_password(admin_user, 89)
    log_in(client, "sysadmin", "Zhaolei-2025")
    response = client.post(
        "/admin/password_change/",
        {"old_password": "Zhaolei-2025", "new_password1": "Zhaolei-2026", "new_password2": "Zhaolei-2026"},
    )
    assert response.status_code == 302
    session = client.session
    session["accounts.password_expires_at"] -= 3 * 86400  # the day the old password would have expired
    session.save()
    assert "我的工作台" in page_text(client.get("/"))
    assert not is_expired(client.session)  # stamped again from the new password
