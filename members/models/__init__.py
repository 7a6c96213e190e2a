from members.models.accounts import User
from members.models.duty import Attendance, DutyKind, DutyRecord, DutyRole, DutyStatus
from members.models.organisation import (
    ActivityGroup,
    Body,
    BodyKind,
    Committee,
    CommitteeLevel,
    CommitteeOwned,
    HandlingUnit,
    Sector,
    Session,
    SpecialCommittee,
    Term,
)
from members.models.people import Gender, Member, MemberStatus, Party

__all__ = [
    "ActivityGroup",
    "Body",
    "BodyKind",
    "Attendance",
    "Committee",
    "CommitteeLevel",
    "CommitteeOwned",
    "DutyKind",
    "DutyRecord",
    "DutyRole",
    "DutyStatus",
    "Gender",
    "HandlingUnit",
    "Member",
    "MemberStatus",
    "Party",
    "Sector",
    "Session",
    "SpecialCommittee",
    "Term",
    "User",
]
