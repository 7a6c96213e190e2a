from django.urls import reverse

from consultations.permissions import can_read_all, is_consultation_staff
from cppcc_portal.core.registry import NavItem
from members.roles import Role


def items(user):
    if can_read_all(user):
        children = [
            NavItem("年度协商计划", reverse("consultations:plan_list"), "bi-journal-text"),
            NavItem("协商活动", reverse("consultations:activity_list"), "bi-people"),
            NavItem("活动日历", reverse("consultations:calendar"), "bi-calendar3"),
            NavItem("网络议政", reverse("consultations:deliberation_list"), "bi-chat-square-text"),
            NavItem("协商成果", reverse("consultations:outcome_list"), "bi-award"),
        ]
        if is_consultation_staff(user):
            children.insert(2, NavItem("新建活动", reverse("consultations:activity_create"), "bi-plus-circle"))
        return [NavItem("协商议政", reverse("consultations:activity_list"), "bi-chat-left-quote", order=40, children=children)]
    if user.has_role(Role.MEMBER):
        return [
            NavItem(
                "协商议政",
                reverse("consultations:mine"),
                "bi-chat-left-quote",
                order=40,
                children=[
                    NavItem("我的日程", reverse("consultations:mine"), "bi-calendar-check"),
                    NavItem("网络议政", reverse("consultations:deliberation_list"), "bi-chat-square-text"),
                    NavItem("年度协商计划", reverse("consultations:plan_list"), "bi-journal-text"),
                ],
            )
        ]
    if user.is_authenticated and bool(user.unit_ids):
        return [NavItem("协商活动", reverse("consultations:mine"), "bi-chat-left-quote", order=40)]
    return []
