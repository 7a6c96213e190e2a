"""Calls run at the same instant, each in its own thread and so its own database connection: how
the concurrency tests line up real parallel transactions on PostgreSQL."""

import threading

from django.db import connections


def run_together(calls, timeout=120):
    """Start every call at once (a barrier); returns (results, errors), one of each per call."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the test
            errors[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return results, errors
