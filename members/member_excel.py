"""Members to and from Excel (.xlsx), with the Chinese column headers clerks use.

Import is all or nothing: every row is checked first; one bad row imports nothing, and the report
names each bad row, column and reason in Chinese."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cppcc_portal.core.excel import build_workbook, workbook_bytes
from members.models import Gender, Member, MemberStatus, Party, Sector, SpecialCommittee
from members.roles import Role

COLUMNS = [
    "登录名",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "党派",
    "界别",
    "专委会",
    "是否常委",
    "工作单位",
    "职务",
    "手机号",
    "状态",
]
REQUIRED_COLUMNS = {"姓名", "性别", "党派", "界别"}
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
USERNAME_RE = re.compile(r"^[\w.@+-]{2,150}$")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self):
        return not self.errors


def member_row(member):
    return [
        member.user.username,
        member.name,
        member.gender,
        member.ethnicity,
        member.birth_date,
        member.party,
        member.sector.name,
        "、".join(sc.name for sc in member.special_committees.all()),
        member.is_standing,
        member.workplace,
        member.post,
        member.phone,
        member.status,
    ]


def export_members_xlsx(members):
    return workbook_bytes(build_workbook("委员名单", COLUMNS, (member_row(m) for m in members)))


def template_xlsx():
    return workbook_bytes(
        build_workbook(
            "委员名单",
            COLUMNS,
            [
                [
                    "zhangsan",
                    "张三",
                    "男",
                    "汉族",
                    "1972-05-08",
                    "民盟",
                    "教育界",
                    "教科卫体委员会",
                    "否",
                    "临江市第一中学",
                    "校长",
                    "13800000000",
                    "在任",
                ]
            ],
        ),
        is_export=False,  # a blank template with made-up example rows: nothing to audit
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class _RowChecker:
    """Checks one sheet row and turns it into clean values, collecting Chinese error messages."""

    def __init__(self, committee, sectors, special_committees, existing_users):
        self.committee = committee
        self.sectors = sectors
        self.special_committees = special_committees
        self.existing_users = existing_users

    def check(self, number, raw, report, seen_usernames):
        errors = []

        def err(column, message):
            errors.append(RowError(number, column, message))

        clean = {}
        name = _text(raw.get("姓名"))
        if not name:
            err("姓名", "姓名不能为空")
        elif len(name) > 50:
            err("姓名", "姓名不能超过 50 个字")
        clean["full_name"] = name

        gender = _text(raw.get("性别"))
        if gender not in Gender.values:
            err("性别", f"性别应为“男”或“女”，而不是“{gender or '空'}”")
        clean["gender"] = gender

        clean["ethnicity"] = _text(raw.get("民族")) or "汉族"
        if len(clean["ethnicity"]) > 20:
            err("民族", "民族不能超过 20 个字")

        birth_raw = raw.get("出生日期")
        clean["birth_date"] = None
        if _text(birth_raw):
            birth = _parse_date(birth_raw)
            if birth is None:
                err("出生日期", f"出生日期“{_text(birth_raw)}”无法识别，请写成 1970-01-31")
            elif not (date(1900, 1, 1) <= birth <= date.today()):
                err("出生日期", "出生日期不在合理范围内")
            clean["birth_date"] = birth

        party = _text(raw.get("党派"))
        if party not in Party.values:
            err("党派", f"党派“{party or '空'}”不在列表中（{'、'.join(Party.values)}）")
        clean["party"] = party

        sector_name = _text(raw.get("界别"))
        clean["sector"] = self.sectors.get(sector_name)
        if clean["sector"] is None:
            err("界别", f"界别“{sector_name or '空'}”不存在，请先在界别管理中添加")

        clean["special_committees"] = []
        for part in re.split(r"[、,，;；]", _text(raw.get("专委会"))):
            part = part.strip()
            if not part:
                continue
            sc = self.special_committees.get(part)
            if sc is None:
                err("专委会", f"专委会“{part}”不存在")
            else:
                clean["special_committees"].append(sc)

        standing = _text(raw.get("是否常委")) or "否"
        if standing not in ("是", "否"):
            err("是否常委", f"是否常委应填“是”或“否”，而不是“{standing}”")
        clean["is_standing"] = standing == "是"

        clean["workplace"] = _text(raw.get("工作单位"))
        if len(clean["workplace"]) > 100:
            err("工作单位", "工作单位不能超过 100 个字")
        clean["post"] = _text(raw.get("职务"))
        if len(clean["post"]) > 60:
            err("职务", "职务不能超过 60 个字")

        phone = _text(raw.get("手机号"))
        if phone and not PHONE_RE.match(phone):
            err("手机号", f"手机号“{phone}”应为 11 位数字，以 1 开头")
        clean["phone"] = phone

        status = _text(raw.get("状态")) or MemberStatus.SERVING
        if status not in MemberStatus.values:
            err("状态", f"状态应为 在任、辞去 或 撤销，而不是“{status}”")
        clean["status"] = status

        username = _text(raw.get("登录名")) or phone
        if not username:
            err("登录名", "登录名和手机号至少填写一项")
        elif not USERNAME_RE.match(username):
            err("登录名", f"登录名“{username}”只能包含字母、数字和 @ . + - _")
        elif username in seen_usernames:
            err("登录名", f"登录名“{username}”与第 {seen_usernames[username]} 行重复")
        else:
            seen_usernames[username] = number
            existing = self.existing_users.get(username)
            if existing is not None and existing.committee_id not in (None, self.committee.pk):
                err("登录名", f"登录名“{username}”已被其他政协的用户使用")
        clean["username"] = username

        report.errors.extend(errors)
        return clean if not errors else None


def _read_rows(file_obj, report):
    try:
        wb = load_workbook(file_obj, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, Exception):  # noqa: BLE001 - any unreadable upload
        report.errors.append(RowError(0, "文件", "文件不是有效的 Excel (.xlsx) 文件"))
        return []
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        report.errors.append(RowError(1, "表头", "表格是空的"))
        return []
    names = [_text(h) for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        report.errors.append(RowError(1, "表头", f"缺少必需的列：{'、'.join(sorted(missing, key=COLUMNS.index))}"))
        return []
    parsed = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(_text(v) == "" for v in values):
            continue
        parsed.append((number, {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i]}))
    if not parsed:
        report.errors.append(RowError(2, "数据", "表格中没有委员数据"))
    return parsed


def import_members(file_obj, *, committee, term):
    """Import or update members of `committee` in `term`. Nothing is written unless every row is good."""
    from django.contrib.auth.models import Group

    User = get_user_model()
    report = ImportReport()
    rows = _read_rows(file_obj, report)
    if report.errors:
        return report
    usernames = {(_text(r.get("登录名")) or _text(r.get("手机号"))) for _, r in rows}
    checker = _RowChecker(
        committee,
        {s.name: s for s in Sector.objects.filter(committee=committee)},
        {s.name: s for s in SpecialCommittee.objects.filter(committee=committee)},
        {u.username: u for u in User.objects.filter(username__in=usernames)},
    )
    seen = {}
    cleaned = [c for number, raw in rows if (c := checker.check(number, raw, report, seen)) is not None]
    if report.errors:
        return report
    member_group, _ = Group.objects.get_or_create(name=Role.MEMBER)
    with transaction.atomic():
        for clean in cleaned:
            user = checker.existing_users.get(clean["username"])
            if user is None:
                user = User(username=clean["username"], committee=committee, full_name=clean["full_name"])
                user.set_unusable_password()
                user.save()
            else:
                user.full_name = clean["full_name"]
                user.committee = committee
                user.save(update_fields=["full_name", "committee"])
            user.groups.add(member_group)
            values = {
                k: clean[k]
                for k in (
                    "gender",
                    "ethnicity",
                    "birth_date",
                    "party",
                    "sector",
                    "is_standing",
                    "workplace",
                    "post",
                    "phone",
                    "status",
                )
            }
            member = Member.objects.filter(user=user).first()
            if member is None:
                member = Member.objects.create(user=user, committee=committee, term=term, **values)
                report.created += 1
            else:
                for key, value in values.items():
                    setattr(member, key, value)
                member.term = term
                member.save()
                report.updated += 1
            member.special_committees.set(clean["special_committees"])
    return report
