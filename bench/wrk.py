"""One wrk run with a logged-in session, parsed from the JSON line bench/wrk_report.lua prints."""

import json
import os
import subprocess

from bench.environment import ROOT

WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"


def wrk(url, cookie, *, seconds, connections, threads=2):
    """Returns {requests, seconds, p50, p95, p99, max (µs), errors, non200}."""
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", str(WRK_SCRIPT), url],
        capture_output=True,
        text=True,
        env={**os.environ, "WRK_COOKIE": cookie},
        timeout=seconds + 60,
        check=True,
    )
    for line in out.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise RuntimeError(f"wrk printed no summary:\n{out.stdout}\n{out.stderr}")


def failures(result):
    """Responses that were not a 200, socket errors, and a run in which nothing came back."""
    return result["errors"] + result["non200"] + (result["requests"] == 0)
