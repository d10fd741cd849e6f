"""The per-article time limit: one watchdog thread serves every call of a process, so
each call, in whichever thread, keeps its own deadline."""

from __future__ import annotations

import threading
import time

from briefing import workers


def _spin() -> int:
    n = 0
    while True:
        n += 1


def _busy(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_calls_in_two_threads_keep_their_own_deadlines() -> None:
    outcome: dict[str, str] = {}

    def limited(name: str, seconds: float, fn) -> None:  # type: ignore[no-untyped-def]
        try:
            outcome[name] = workers._with_time_limit(seconds, fn)
        except workers._TooSlow:
            outcome[name] = "interrupted"

    runaway = threading.Thread(target=limited, args=("runaway", 0.3, _spin))
    patient = threading.Thread(target=limited, args=("patient", 5.0, lambda: _busy(0.8)))
    runaway.start()
    patient.start()
    runaway.join(10)
    patient.join(10)
    assert outcome == {"runaway": "interrupted", "patient": "done"}


def test_a_nested_call_with_a_shorter_limit_is_interrupted_alone() -> None:
    def outer() -> str:
        try:
            workers._with_time_limit(0.2, _spin)
        except workers._TooSlow:
            return "inner interrupted"
        return "inner finished"

    assert workers._with_time_limit(5.0, outer) == "inner interrupted"
    time.sleep(0.3)  # nothing raised later, from either deadline


def test_many_quick_calls_start_no_thread_each() -> None:
    workers._with_time_limit(5.0, lambda: None)
    before = threading.active_count()
    for _ in range(200):
        assert workers._with_time_limit(5.0, lambda: 1) == 1
    assert threading.active_count() == before
