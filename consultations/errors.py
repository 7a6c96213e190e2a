class ConsultationError(Exception):
    """A refused action, with a message in Chinese for the person who tried it."""


class ScheduleWarningsPending(ConsultationError):
    """Scheduling warnings not yet overridden: staff must confirm them with a reason."""

    def __init__(self, warnings):
        self.warnings = warnings
        super().__init__("排期存在以下提示，请核对后填写理由确认，或调整时间和人员：" + "；".join(w.message for w in warnings))
