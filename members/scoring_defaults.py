"""The rules a committee starts from when a year has none yet (DOMAIN.md, "Member duty records"):
5 points per half-day of plenary, 5 per activity, an accepted proposal 15 for the lead and 3 per
co-signer, key +15/+3, excellent +10/+2, 社情民意 by the points the 社情民意 app computed from its
own table, unexcused absence −5 (plenary −10); grades ≥90 优秀, 80–89 良好, 60–79 称职, <60 不称职;
yearly minimums: attend the plenary, ≥3 activities, ≥1 proposal, ≥1 社情民意, a contact activity
every quarter and ≥40 people reached a year. Staff change all of it on the rules page."""

from decimal import Decimal

from members.models import DutyKind as K
from members.models import PointsMode as M

D = Decimal
ACTIVITY_KINDS = [K.CONSULTATION, K.ACTIVITY, K.RESEARCH, K.INSPECTION, K.STANDING_MEETING]

# (kind, role, attendance, level, mode, points, cap)
RULES = [
    (K.PLENARY, "", "", "", M.PER_QUANTITY, D(5), None),
    (K.PLENARY, "", "absent", "", M.FIXED, D(-10), None),
    (K.STANDING_MEETING, "", "", "", M.FIXED, D(5), None),
    (K.STANDING_MEETING, "", "absent", "", M.FIXED, D(-5), None),
    (K.CONSULTATION, "", "", "", M.FIXED, D(5), None),
    (K.CONSULTATION, "", "absent", "", M.FIXED, D(-5), None),
    (K.ACTIVITY, "", "", "", M.FIXED, D(5), None),
    (K.ACTIVITY, "", "absent", "", M.FIXED, D(-5), None),
    (K.PROPOSAL_SUBMITTED, "lead", "", "", M.FIXED, D(5), None),
    (K.PROPOSAL_SUBMITTED, "cosigner", "", "", M.FIXED, D(1), D(5)),
    (K.PROPOSAL_ACCEPTED, "lead", "", "", M.FIXED, D(15), None),
    (K.PROPOSAL_ACCEPTED, "cosigner", "", "", M.FIXED, D(3), None),
    (K.PROPOSAL_KEY, "lead", "", "", M.FIXED, D(15), None),
    (K.PROPOSAL_KEY, "cosigner", "", "", M.FIXED, D(3), None),
    (K.PROPOSAL_EXCELLENT, "lead", "", "", M.FIXED, D(10), None),
    (K.PROPOSAL_EXCELLENT, "cosigner", "", "", M.FIXED, D(2), None),
    (K.REPORT_SUBMITTED, "", "", "", M.SOURCE, D(1), D(10)),
    (K.REPORT_ADOPTED, "", "", "", M.SOURCE, D(5), None),
    (K.REPORT_COMMENTED, "", "", "", M.SOURCE, D(10), None),
    (K.SPEECH, "", "", "oral", M.FIXED, D(10), None),
    (K.SPEECH, "", "", "written", M.FIXED, D(5), None),
    (K.SPEECH, "", "", "", M.FIXED, D(5), None),
    (K.RESEARCH, "", "", "", M.FIXED, D(5), None),
    (K.RESEARCH, "", "absent", "", M.FIXED, D(-5), None),
    (K.INSPECTION, "", "", "", M.FIXED, D(5), None),
    (K.INSPECTION, "", "absent", "", M.FIXED, D(-5), None),
    (K.TRAINING, "", "", "", M.FIXED, D(3), D(15)),
    (K.TRAINING, "", "absent", "", M.FIXED, D(-3), None),
    (K.CONTACT, "", "", "", M.FIXED, D(2), D(20)),
    (K.STUDIO, "", "", "", M.FIXED, D(3), D(15)),
    (K.READING, "", "", "", M.FIXED, D(2), D(10)),
]

GRADES = [("优秀", D(90)), ("良好", D(80)), ("称职", D(60)), ("不称职", D(0))]

# (label, kinds, role, measure, threshold, period)
MINIMUMS = [
    ("出席全体会议", [K.PLENARY], "", "count", 1, "year"),
    ("参加协商、视察调研等活动不少于3次", ACTIVITY_KINDS, "", "count", 3, "year"),
    ("提交（含联名）提案不少于1件", [K.PROPOSAL_SUBMITTED], "", "count", 1, "year"),
    ("报送社情民意信息不少于1篇", [K.REPORT_SUBMITTED], "", "count", 1, "year"),
    ("每季度联系界别群众不少于1次", [K.CONTACT], "", "count", 1, "quarter"),
    ("全年联系界别群众不少于40人次", [K.CONTACT], "", "quantity", 40, "year"),
]
