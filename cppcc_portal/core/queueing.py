"""Queue a task once the transaction commits, without letting a queue outage become a server
error: the data is already committed by then, so a failed publish is logged and handed to
`on_failure` (which records it where the user will see it) instead of raising."""

import logging
from functools import partial

from django.db import transaction

log = logging.getLogger(__name__)


def _publish(task, args, on_failure):
    try:
        task.delay(*args)
    except Exception as exc:  # noqa: BLE001 - any broker failure: the caller's on_failure records it
        log.warning("could not queue %s%r: %s", task.name, args, exc)
        if on_failure is not None:
            on_failure(exc)


def queue_on_commit(task, *args, on_failure=None):
    transaction.on_commit(partial(_publish, task, args, on_failure))
