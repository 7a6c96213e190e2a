from django.urls import reverse

from cppcc_portal.core.registry import NavItem
from members.permissions import can_manage_members, is_committee_staff
from members.roles import Role


def items(user):
    found = []
    if user.has_role(Role.MEMBER):
        found.append(NavItem("我的档案", reverse("members:me"), "bi-person-vcard", order=90))
    if is_committee_staff(user) or user.has_role(Role.LEADER):
        children = [NavItem("委员名录", reverse("members:list"), "bi-people")]
        if can_manage_members(user):
            children.append(NavItem("导入委员", reverse("members:import"), "bi-upload"))
        found.append(NavItem("委员管理", reverse("members:list"), "bi-people", order=80, children=children))
    return found
