from django.urls import reverse

from cppcc_portal.core.registry import NavItem
from sentiment.permissions import can_read_office, can_write, is_editor


def items(user):
    children = []
    if can_write(user):
        children += [
            NavItem("撰写社情民意", reverse("sentiment:write"), "bi-pencil-square"),
            NavItem("我的社情民意", reverse("sentiment:mine"), "bi-journal-text"),
        ]
    if is_editor(user):
        children += [
            NavItem("编辑队列", reverse("sentiment:queue"), "bi-inboxes"),
        ]
    if can_read_office(user):
        children += [
            NavItem("《社情民意》刊期", reverse("sentiment:bulletins"), "bi-newspaper"),
            NavItem("采用情况", reverse("sentiment:adoptions"), "bi-award"),
            NavItem("领导批示", reverse("sentiment:comments"), "bi-chat-square-quote"),
        ]
        if user.committee and user.committee.parent_id:
            children.append(NavItem("报送上级情况", reverse("sentiment:sent_up"), "bi-send"))
        children += [
            NavItem("报送任务", reverse("sentiment:quotas"), "bi-bullseye"),
            NavItem("统计分析", reverse("sentiment:stats"), "bi-bar-chart"),
            NavItem("积分与设置", reverse("sentiment:settings"), "bi-sliders"),
        ]
    if not children:
        return []
    return [NavItem("社情民意", children[0].url, "bi-megaphone", order=40, children=children)]
