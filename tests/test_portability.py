"""Windows and macOS: nothing POSIX-only at import time, time limits without SIGALRM,
the output lock through filelock."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from seedkit import ROOT

from briefing import workers

# What Windows lacks: fcntl, and the interval timer and its signal.
_WINDOWS_LIKE = """
import importlib, pkgutil, signal, sys, warnings
sys.modules["fcntl"] = None
for name in ("setitimer", "getitimer", "SIGALRM", "ITIMER_REAL", "alarm"):
    if hasattr(signal, name):
        delattr(signal, name)
warnings.simplefilter("ignore")  # filelock: "only soft file lock is available" here
import briefing
names = sorted(m.name for m in pkgutil.walk_packages(briefing.__path__, "briefing.") if not m.name.endswith("__main__"))
for name in names:
    importlib.import_module(name)
from briefing.workers import _with_time_limit, _TooSlow
try:
    _with_time_limit(0.2, lambda: [None for _ in iter(int, 1)])
except _TooSlow:
    print("limited")
print(len(names))
"""


def test_every_module_imports_without_fcntl_or_setitimer() -> None:
    done = subprocess.run([sys.executable, "-c", _WINDOWS_LIKE], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split()
    assert lines[0] == "limited"
    assert int(lines[1]) >= 40  # every module of the package, not a few


def _spin() -> int:
    n = 0
    while True:
        n += 1


def test_time_limit_interrupts_a_runaway_call_without_a_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    monkeypatch.delattr(signal, "setitimer", raising=False)
    started = time.monotonic()
    with pytest.raises(workers._TooSlow):
        workers._with_time_limit(0.3, _spin)
    assert time.monotonic() - started < 5


def test_time_limit_works_off_the_main_thread_and_leaves_quick_calls_alone() -> None:
    outcome: list[str] = []

    def run() -> None:
        try:
            workers._with_time_limit(0.3, _spin)
        except workers._TooSlow:
            outcome.append("interrupted")
        outcome.append(str(workers._with_time_limit(0.3, lambda: 41 + 1)))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert outcome == ["interrupted", "42"]
    time.sleep(0.5)  # a cancelled watchdog raises nothing later


def test_a_slow_article_is_set_aside_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.model import Document

    monkeypatch.setattr(workers, "ARTICLE_TIME_LIMIT", 0.3)
    monkeypatch.setattr(workers, "analyse_document", lambda *a: _spin())
    monkeypatch.setitem(workers._WORKER, "taxonomy", None)
    monkeypatch.setitem(workers._WORKER, "rules", None)
    result = workers.analyse_task(("a01", Document("slow.txt", "Some text.", "txt")))
    assert "longer than 0.3 s" in result.stories[0].verdict.reason
