"""The hook behind 转社情民意: a proposal that staff convert into a public-opinion report.

The proposals app calls `deliver_to_report_receivers(ConvertedProposal(...))` inside the
conversion's transaction; the 社情民意 app registers a receiver (in its AppConfig.ready) that
puts the text into its own intake queue and returns the new report. Neither app imports the
other's models: this plain record is all that crosses."""

from dataclasses import dataclass, field

_receivers = []


@dataclass(frozen=True)
class ConvertedProposal:
    proposal_id: int
    committee_id: int
    title: str
    content: str  # 情况分析 and 具体建议 as one text
    category: str  # the proposal's category name, e.g. 教育
    writer_member_ids: tuple = field(default_factory=tuple)  # proposer first, then co-signers
    body_id: int | None = None  # the Body for a collective proposal
    converted_by_user_id: int | None = None
    note: str = ""  # staff's reason for converting
    source_label: str = ""  # e.g. 十五届五次会议第12号提案（转）


def register_report_receiver(receiver):
    """receiver(converted: ConvertedProposal) -> the created report (with get_absolute_url())."""
    if receiver not in _receivers:
        _receivers.append(receiver)
    return receiver


def deliver_to_report_receivers(converted):
    """Returns what the receivers created (an empty list when no 社情民意 app is installed)."""
    return [receiver(converted) for receiver in list(_receivers)]
