#!/usr/bin/env python
"""Start the portal on the embedded defaults: the web server, a Celery worker and Celery beat,
as three processes that stop together (Ctrl-C). Used by `make run`."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")

PROCESSES = {
    "web": [PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
    "worker": [
        PY,
        "-m",
        "celery",
        "-A",
        "cppcc_portal",
        "worker",
        "-Q",
        "default,documents,reminders",
        "--concurrency",
        "2",
        "--loglevel",
        "INFO",
        "-n",
        "demo-worker@%h",
    ],
    "beat": [PY, "-m", "celery", "-A", "cppcc_portal", "beat", "--loglevel", "INFO"],
}


def main():
    children = {name: subprocess.Popen(cmd, cwd=ROOT) for name, cmd in PROCESSES.items()}

    def stop(*_):
        for proc in children.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.time() + 10
        for proc in children.values():
            try:
                proc.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                proc.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    time.sleep(2)
    print(
        f"\n  政协履职服务平台已启动： http://{HOST}:{PORT}/\n"
        "  演示账号（密码均为 cppcc-demo）：admin 系统管理员 · staff 提案/委员工作人员 · member 委员 ·\n"
        "  unit 承办单位联络员 · editor 社情民意编辑 · leader 领导\n"
        "  按 Ctrl-C 停止。\n",
        flush=True,
    )
    while True:
        for name, proc in children.items():
            if proc.poll() is not None:
                print(f"{name} 进程已退出（{proc.returncode}），正在停止其他进程……", flush=True)
                stop()
        time.sleep(1)


if __name__ == "__main__":
    main()
