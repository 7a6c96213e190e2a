from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cppcc_portal.core.registry import todos_for


def home(request):
    """我的工作台: what is waiting for this user, gathered from every app."""
    from cppcc_portal.notifications.selectors import recent_for

    return render(
        request,
        "core/home.html",
        {"todos": todos_for(request.user), "recent_notifications": recent_for(request.user, 5), "today": timezone.localdate()},
    )


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker():
    from cppcc_portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)


@login_not_required
@never_cache
def healthz(request):
    """200 when the database and the broker answer; 503 naming which does not."""
    results, healthy = {}, True
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means unhealthy; say which and why
            healthy = False
            results[name] = f"error: {type(exc).__name__}: {exc}"[:300]
    results["status"] = "ok" if healthy else "unavailable"
    if not healthy:
        failing = [n for n in ("database", "broker") if results[n] != "ok"]
        results["message"] = "以下服务不可用：" + "、".join({"database": "数据库", "broker": "消息队列"}[n] for n in failing)
    return JsonResponse(results, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
