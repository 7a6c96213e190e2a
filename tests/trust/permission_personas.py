"""Who knocks on every door in the permission matrix. One line a persona: a persona added here is
built into the world and, wherever a rule does not name it, expected to be refused like everyone
else the rule does not name (so a new role that opens a door fails the matrix until a rule says so).

Roles are given by their Chinese names, so a persona for a role another branch is still adding
(安全管理员, 审计管理员) is simply left out until the `Role` enum has it."""

from dataclasses import dataclass

from members.roles import Role


@dataclass(frozen=True)
class Persona:
    key: str
    label: str
    roles: tuple = ()
    committee: str = "c1"  # "c1" (临江市政协) or "c2" (远山市政协)
    member: bool = False  # has a member record (委员档案)
    unit: str = ""  # the handling unit they are clerk of
    superuser: bool = False

    @property
    def available(self):
        return all(role in Role.values for role in self.roles)


ANONYMOUS = "anon"

PERSONAS = [
    Persona("A", "委员甲（李明华）", roles=("委员",), member=True),
    Persona("B", "委员乙（王晓红）", roles=("委员",), member=True),
    Persona("X", "承办单位 X 联络员（市教育局）", roles=("承办单位联络员",), unit="市教育局"),
    Persona("Y", "承办单位 Y 联络员（市卫生健康委员会）", roles=("承办单位联络员",), unit="市卫生健康委员会"),
    Persona("ps1", "提案工作人员（临江市政协）", roles=("提案工作人员",)),
    Persona("ms1", "委员工作人员（临江市政协）", roles=("委员工作人员",)),
    Persona(
        "s2", "远山市政协工作人员（提案、委员、社情民意）", roles=("提案工作人员", "委员工作人员", "社情民意编辑"), committee="c2"
    ),
    Persona("ed", "社情民意编辑（临江市政协）", roles=("社情民意编辑",)),
    Persona("ld", "领导（临江市政协）", roles=("领导",)),
    Persona("adm", "系统管理员（临江市政协）", roles=("系统管理员",), superuser=True),
    Persona("sec", "安全管理员（临江市政协）", roles=("安全管理员",)),
    Persona("aud", "审计管理员（临江市政协）", roles=("审计管理员",)),
]


def active_personas():
    """The personas this branch can build: those whose roles exist."""
    return [p for p in PERSONAS if p.available]


def persona_keys():
    return [ANONYMOUS, *(p.key for p in active_personas())]
