from django.urls import reverse

from cppcc_portal.core.registry import NavItem
from members.permissions import (
    can_manage_members,
    can_verify_duty,
    can_view_all_duty,
    convened_group_ids,
    is_committee_staff,
)
from members.roles import Role


def items(user):
    found = []
    if user.has_role(Role.MEMBER):
        found.append(NavItem("我的履职", reverse("members:duty_me"), "bi-clipboard-data", order=85))
        found.append(NavItem("我的档案", reverse("members:me"), "bi-person-vcard", order=90))
    if user.is_authenticated:  # everyone may take away what the portal holds about them
        found.append(NavItem("我的数据", reverse("members:my_data"), "bi-download", order=91))
    if is_committee_staff(user) or user.has_role(Role.LEADER):
        children = [NavItem("委员名录", reverse("members:list"), "bi-people")]
        if can_manage_members(user):
            children.append(NavItem("导入委员", reverse("members:import"), "bi-upload"))
        found.append(NavItem("委员管理", reverse("members:list"), "bi-people", order=80, children=children))
    if can_view_all_duty(user):
        children = []
        if can_verify_duty(user):
            children.append(NavItem("履职审核", reverse("members:duty_review"), "bi-check2-square"))
        children += [
            NavItem("履职排名", reverse("members:duty_ranking"), "bi-trophy"),
            NavItem("履职风险名单", reverse("members:duty_risk"), "bi-exclamation-triangle"),
            NavItem("统计图表", reverse("members:duty_stats"), "bi-bar-chart"),
            NavItem("考核规则", reverse("members:duty_rules"), "bi-sliders"),
        ]
        if can_verify_duty(user):
            children.append(NavItem("会议签到导入", reverse("members:duty_attendance"), "bi-clipboard-check"))
        found.append(NavItem("履职考核", reverse("members:duty_ranking"), "bi-clipboard-data", order=82, children=children))
    elif user.has_role(Role.MEMBER) and convened_group_ids(user):
        found.append(NavItem("本组履职", reverse("members:duty_ranking"), "bi-people-fill", order=86))
    return found
