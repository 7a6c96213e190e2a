"""The pages the load run drives, who asks for each, and how its URL is found in the data at
hand (demo or full scale), so the same list serves both runs."""

from dataclasses import dataclass
from urllib.parse import quote

PERSONAS = ["member", "staff", "unit", "editor", "leader", "admin"]
SEARCH_TERM = "教育"  # a 2-character term: the Chinese search the target names


@dataclass
class Page:
    key: str
    name: str  # as the report prints it
    persona: str
    path: object  # a path, or a function of the personas' users returning one

    def resolve(self, users):
        return self.path(users) if callable(self.path) else self.path


def _current_session(user):
    from members.models import Session

    return Session.objects.filter(committee_id=user.committee_id, is_current=True).order_by("-pk").first()


def _filtered_list(users):
    session = _current_session(users["staff"])
    return f"/proposals/?session={session.pk}&status=handling"


def _a_proposal(users):
    """A proposal of staff's committee in the current session that has been answered: the detail
    page then shows its assignments, replies and history, its fullest form."""
    from proposals.models import Proposal, Status

    staff = users["staff"]
    found = (
        Proposal.objects.filter(committee_id=staff.committee_id, session=_current_session(staff))
        .filter(status__in=[Status.REPLIED, Status.CLOSED, Status.HANDLING])
        .order_by("status", "pk")
        .first()
    )
    if found is None:
        raise SystemExit("no handled proposal in staff's current session: is the database seeded?")
    return f"/proposals/{found.pk}/"


FLOOR = Page("floor", "最小视图（基准）", "member", "/bench/floor/")

PAGES = [
    *(Page(f"workbench-{p}", f"我的工作台（{p}）", p, "/") for p in PERSONAS),
    Page("proposal-list", "提案列表（本次会议·办理中）", "staff", _filtered_list),
    Page("proposal-search", f"提案检索“{SEARCH_TERM}”", "staff", f"/proposals/?q={quote(SEARCH_TERM)}"),
    Page("proposal-detail", "提案详情", "staff", _a_proposal),
    Page("unit-inbox", "承办单位待办", "unit", "/proposals/inbox/"),
    Page("proposal-stats", "提案统计", "staff", "/proposals/stats/"),
    Page("member-ranking", "委员履职排名", "staff", "/members/duty/ranking/"),
    Page("my-duty", "我的履职", "member", "/members/duty/"),
    Page("sentiment-queue", "社情民意待处理", "editor", "/sentiment/queue/"),
    Page("consultation-calendar", "协商活动日历", "staff", "/consultations/calendar/"),
    FLOOR,
]


def persona_users():
    from members.models import User

    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS, is_active=True)}
    missing = [p for p in PERSONAS if p not in users]
    if missing:
        raise SystemExit(f"personas missing from the database: {', '.join(missing)} (run seed_demo or bench/generate.py)")
    return users


def session_cookie(user):
    """A logged-in session for `user`, made by the portal's own login steps (production cookies are
    Secure, so logging in over plain HTTP is not possible): django.contrib.auth.login stamps the
    session limits, the one-session token and the password expiry as a real login does, and a user
    who must use two-factor login gets a confirmed authenticator and a verified session."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import login
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.test import RequestFactory
    from django.utils.crypto import get_random_string
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cppcc_portal.accounts import two_factor

    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()  # login() and django_otp's login() set it on a request that has one
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])
    if two_factor.is_required_for(user):
        device = two_factor.authenticator_of(user) or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        otp_login(request, device)
    request.session.save()
    # a browser holds the CSRF cookie from its first page on; without one every page would make a new one
    csrf = get_random_string(32, allowed_chars=CSRF_ALLOWED_CHARS)
    return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def parse_cookie(header):
    """{name: value} of a Cookie header made by session_cookie."""
    return dict(part.strip().split("=", 1) for part in header.split(";") if part.strip())
