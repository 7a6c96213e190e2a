from django.urls import reverse

from cppcc_portal.core.registry import NavItem
from members.roles import Role
from proposals.permissions import can_use_inbox, can_write
from proposals.selectors import is_proposal_staff


def items(user):
    found = []
    if is_proposal_staff(user):
        children = [
            NavItem("全部提案", reverse("proposals:list"), "bi-journal-text"),
            NavItem("提案审查", reverse("proposals:review"), "bi-clipboard-check"),
            NavItem("提案交办", reverse("proposals:assign_queue"), "bi-diagram-3"),
            NavItem("单位申请", reverse("proposals:requests"), "bi-arrow-left-right"),
            NavItem("重点提案", reverse("proposals:key_list"), "bi-star"),
            NavItem("评优", reverse("proposals:awards"), "bi-award"),
            NavItem("提案统计", reverse("proposals:stats"), "bi-bar-chart"),
            NavItem("提案汇编", reverse("proposals:compilation"), "bi-book"),
        ]
        found.append(NavItem("提案工作", reverse("proposals:list"), "bi-journal-text", order=10, children=children))
    elif user.has_role(Role.LEADER):
        children = [
            NavItem("我督办的重点提案", reverse("proposals:key_list"), "bi-star"),
            NavItem("全部提案", reverse("proposals:list"), "bi-journal-text"),
            NavItem("提案统计", reverse("proposals:stats"), "bi-bar-chart"),
            NavItem("评优", reverse("proposals:awards"), "bi-award"),
        ]
        found.append(NavItem("提案", reverse("proposals:key_list"), "bi-journal-text", order=10, children=children))
    if can_write(user):
        found.append(NavItem("我的提案", reverse("proposals:mine"), "bi-journal-text", order=11))
    if can_use_inbox(user):
        found.append(NavItem("承办提案", reverse("proposals:inbox"), "bi-inbox", order=12))
    return found
