"""How apps contribute to shared pages without the core importing their internals.

An app may hold any of these modules, found by name:
- workbench.py  `todos(user) -> list[Todo]`: the to-dos shown on 我的工作台
- navigation.py `items(user) -> list[NavItem]`: the menu entries the user may open
- seed.py       `seed(demo)`: its part of the demo data (see core/demo.py); optional
                `finish(demo)` runs after every app has seeded
- documents.py  document kinds (see documents/registry.py)
- roles.py      `ROLE_PERMISSIONS = {role name: ["app_label.codename", ...]}`
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@cache
def contributions(module_name):
    """The named module of every installed app that has one, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, module_name):
            found.append(import_module(f"{config.name}.{module_name}"))
    return tuple(found)


@dataclass
class Todo:
    """One line on 我的工作台: something waiting for this user."""

    title: str
    url: str
    count: int | None = None
    detail: str = ""
    level: str = "primary"  # a Bootstrap colour: danger for overdue, warning for due soon
    icon: str = "bi-check2-square"


@dataclass
class NavItem:
    label: str
    url: str
    icon: str = "bi-circle"
    order: int = 100
    children: list["NavItem"] = field(default_factory=list)


def todos_for(user):
    items = []
    for module in contributions("workbench"):
        items.extend(module.todos(user))
    return items


def navigation_for(user):
    items = []
    for module in contributions("navigation"):
        items.extend(module.items(user))
    return sorted(items, key=lambda item: item.order)
