"""The request being served, for audit events raised where no request is at hand (an Excel
workbook being written, a file being streamed, a history row being saved by a service).

A context variable rather than a thread-local: it is reset when the response is returned, and each
thread or task sees only its own. Celery tasks run outside any request, so their events carry no
address and the user the service names."""

from contextvars import ContextVar

_current_request = ContextVar("audit_current_request", default=None)


def current_request():
    return _current_request.get()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
