"""Starting and stopping the processes a benchmark drives: gunicorn web servers and Celery
workers, each with its own log file, each waited for until it really serves. Every process is
stopped by its own pid (and its children), never by name."""

import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from bench.environment import PYTHON, ROOT


class Service:
    def __init__(self, name, argv, env, log_dir):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def output(self, tail=3000):
        return self.log_path.read_text(errors="replace")[-tail:]

    def wait_until(self, ready, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.output()}")
            if ready():
                return self
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not start in {timeout} s:\n{self.output()}")

    def processes(self):
        """The process and its children (gunicorn workers, Celery pool processes)."""
        try:
            parent = psutil.Process(self.proc.pid)
            return [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()  # gunicorn and Celery both stop their children on SIGTERM
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                for child in self.processes():
                    child.kill()
                self.proc.wait(10)
        self._log.close()


def gunicorn(port, env, log_dir, *, workers=4, threads=1):
    """The portal on 127.0.0.1:port. Sync workers by default (see bench/loadrun.py for why)."""
    argv = [PYTHON, "-m", "gunicorn", "cppcc_portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    argv += ["--timeout", "60", "--graceful-timeout", "10"]
    if gunicorn_version() >= (27,):
        argv.append("--no-control-socket")  # one fixed path per user otherwise: two servers would share it
    if threads > 1:
        argv += ["--worker-class", "gthread", "--threads", str(threads)]
    service = Service(f"web-{port}", argv, env, log_dir)

    def healthy():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    return service.wait_until(healthy)


def celery_worker(name, queues, env, log_dir, *, concurrency=1):
    argv = [PYTHON, "-m", "celery", "-A", "cppcc_portal", "worker", "-Q", queues, "-n", f"{name}@%h"]
    argv += ["--pool", "prefork", "--concurrency", str(concurrency), "--loglevel", "INFO"]
    argv += ["--without-mingle", "--without-gossip", "--prefetch-multiplier", "1"]
    service = Service(name, argv, env, log_dir)
    return service.wait_until(lambda: "ready." in service.output(tail=100_000))


def gunicorn_version():
    from gunicorn import version_info

    return version_info


def prime(url, cookie, count):
    """`count` requests at once, waited for however long they take: with sync workers each worker
    takes one, so each loads what it loads lazily (jieba's dictionary) before anything is timed."""

    def get(_):
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(get, range(count)))


class PeakMemory:
    """Polls the resident memory of every process of some services (with their children) and
    keeps the peak of each process, so the figure is the largest single process, not a sum."""

    def __init__(self, services, *, interval=0.2):
        self.services, self.interval = services, interval
        self.peaks = {}  # pid -> (name, peak RSS in bytes)

    def poll(self):
        for service in self.services:
            for proc in service.processes():
                try:
                    rss = proc.memory_info().rss
                    label = f"{service.name}:{proc.pid}" if proc.pid != service.proc.pid else service.name
                except psutil.Error:
                    continue
                _, peak = self.peaks.get(proc.pid, (label, 0))
                self.peaks[proc.pid] = (label, max(peak, rss))

    def wait(self, done, timeout):
        """Poll until done() is true; returns False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.poll()
            if done():
                return True
            time.sleep(self.interval)
        return False

    def largest(self):
        if not self.peaks:
            return ("", 0)
        return max(self.peaks.values(), key=lambda item: item[1])
