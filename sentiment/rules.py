"""Each committee's editable rules, with DOMAIN.md defaults created the first time a committee uses
社情民意 (`ensure_rules`). Everything here is data editors change on 积分与设置 or in the admin."""

from decimal import Decimal

from django.db import transaction

from sentiment.models import (
    DEFAULT_POINTS,
    BulletinKind,
    BulletinSeries,
    CreditLevel,
    Destination,
    DestinationGroup,
    DestinationKind,
    PointRule,
    ReportCategory,
    SentimentSettings,
)

DEFAULT_CATEGORIES = [
    "经济发展",
    "农业农村",
    "城乡建设",
    "教育",
    "科技",
    "文化旅游",
    "医疗卫生",
    "社会保障",
    "生态环境",
    "社会治理",
    "政法",
    "其他",
]


def _place(committee):
    """临江市政协 → 临江市: the name party committees and governments carry."""
    name = committee.short_name
    return name[: -len("政协")] if name.endswith("政协") else name


def default_destinations(committee):
    place = _place(committee)
    rows = [
        (f"中共{place}委", DestinationGroup.BAO, DestinationKind.PARTY, None, True),
        (f"{place}人民政府", DestinationGroup.BAO, DestinationKind.GOVERNMENT, None, True),
        (f"{place}人大常委会", DestinationGroup.BAO, DestinationKind.OTHER, None, False),
    ]
    if committee.parent_id:
        rows.append((committee.parent.short_name, DestinationGroup.BAO, DestinationKind.UPPER_CPPCC, committee.parent, True))
    elif committee.level == "province":
        rows.append(("全国政协", DestinationGroup.BAO, DestinationKind.UPPER_CPPCC, None, True))
    rows += [
        (f"{place}委办公室", DestinationGroup.SONG, DestinationKind.DEPARTMENT, None, True),
        (f"{place}政府办公室", DestinationGroup.SONG, DestinationKind.DEPARTMENT, None, True),
        ("本会各专门委员会", DestinationGroup.FA, DestinationKind.INTERNAL, None, False),
    ]
    return rows


def ensure_rules(committee):
    """The committee's settings; on first use also its categories, points, destinations and series."""
    found = SentimentSettings.objects.filter(committee=committee).first()
    if found is not None:
        return found
    with transaction.atomic():
        for i, name in enumerate(DEFAULT_CATEGORIES):
            ReportCategory.objects.get_or_create(committee=committee, name=name, defaults={"order": i})
        for level, points in DEFAULT_POINTS.items():
            PointRule.objects.get_or_create(committee=committee, level=level, defaults={"points": Decimal(points)})
        for i, (name, group, kind, target, default) in enumerate(default_destinations(committee)):
            Destination.objects.get_or_create(
                committee=committee,
                name=name,
                defaults={"group": group, "kind": kind, "target_committee": target, "is_default": default, "order": i},
            )
        for kind in BulletinKind.values:
            BulletinSeries.objects.get_or_create(committee=committee, kind=kind)
        settings, _ = SentimentSettings.objects.get_or_create(committee=committee)
    return settings


def points_table(committee):
    """{credit level: points} for writers of `committee`."""
    ensure_rules(committee)
    table = {level: Decimal(points) for level, points in DEFAULT_POINTS.items()}
    table.update(dict(PointRule.objects.filter(committee=committee).values_list("level", "points")))
    return table


def categories_for(committee):
    ensure_rules(committee)
    return ReportCategory.objects.filter(committee=committee, is_active=True)


def category_named(committee, name):
    """The committee's category of that name (created when a report brings a new one), or 其他."""
    ensure_rules(committee)
    if not name:
        return ReportCategory.objects.filter(committee=committee, name="其他").first()
    category, _ = ReportCategory.objects.get_or_create(committee=committee, name=name[:30], defaults={"order": 100})
    return category


__all__ = ["CreditLevel", "categories_for", "category_named", "ensure_rules", "points_table"]
