"""Where the per-file work runs: a process pool when it pays, in order, with a time limit
per article, so that one slow or broken file is set aside instead of stopping the build.

In: tasks (a path to read, or an article to analyse). Out: their results, in task order:
`Document`s or `Skipped` for reading, `DocAnalysis` for analysing.

Each worker loads the configuration once; tasks are sent in chunks so that pickling stays
a small share of the work.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from briefing.analyse import clean as cleaning
from briefing.analyse import keywords
from briefing.analyse.article import analyse_document, keep_needed, set_aside
from briefing.config import load_taxonomy
from briefing.errors import BriefingError, InputError
from briefing.model import DocAnalysis, Document, Skipped
from briefing.read import ingest

T = TypeVar("T")
R = TypeVar("R")
# Below this many files a process pool costs more to start than it saves.
POOL_THRESHOLD = 16
# An article whose analysis takes longer than this is set aside, not waited for.
ARTICLE_TIME_LIMIT = 60.0


def _failed(article_id: str, document: Document, err: Exception) -> DocAnalysis:
    """A document whose analysis hit a bug is set aside, not fatal to the run."""
    return set_aside(article_id, document, f"could not be analysed ({err.__class__.__name__})")


# Workers load the configuration once, not once per article.
_WORKER: dict[str, Any] = {}


def _init_worker(taxonomy_path: Path | None, rules_path: Path | None, engine: str = "auto", in_pool: bool = False) -> None:
    if in_pool:
        # Ctrl-C reaches the whole process group: the parent handles it and stops the
        # pool; a worker printing its own KeyboardInterrupt traceback would only be noise.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        end_with_parent()
    if _WORKER.get("key") != (taxonomy_path, rules_path):
        _WORKER["taxonomy"] = load_taxonomy(taxonomy_path)
        _WORKER["rules"] = cleaning.load_rules(rules_path)
        _WORKER["key"] = (taxonomy_path, rules_path)
    keywords.use_engine(engine)


def end_with_parent(poll_seconds: float = 1.0) -> None:
    """Make this worker end when the parent process dies, however it dies (SIGKILL
    included, where no cleanup of the parent runs): on Linux the kernel sends SIGKILL
    (prctl PR_SET_PDEATHSIG); everywhere a daemon thread polls the parent's pid and ends
    the process once it changes (the orphan was re-parented)."""
    import sys

    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the watchdog below still holds
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


class _TooSlow(Exception):
    pass


def _with_time_limit(seconds: float, fn: Callable[[], R]) -> R:
    """`fn()`, interrupted with `_TooSlow` after `seconds`.

    A watchdog thread raises `_TooSlow` in the calling thread (CPython's
    `PyThreadState_SetAsyncExc`): no SIGALRM, so it works on Windows and in any thread,
    and like a signal handler it takes effect between bytecodes (a single long C call
    finishes first). Where the interpreter lacks the call, `fn` simply runs to the end.
    """
    raise_in = _async_raiser()
    if seconds <= 0 or raise_in is None:
        return fn()
    return _watchdog().run(seconds, fn, raise_in)


class _Watchdog:
    """One thread per process that interrupts the calls still running at their deadline.

    A timer thread per call cost about 0.2 ms to start and stop, a few per cent of an
    article's analysis; this one is started once and sleeps until the next deadline.
    Calls are keyed by a number of their own, so that calls in several threads (a Dask
    worker's) and nested calls each keep their deadline.
    """

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.deadlines: dict[int, tuple[float, int, Callable[[int], None]]] = {}
        self.calls = 0
        self.thread: threading.Thread | None = None
        self.wake: float | None = None  # when the watchdog wakes next (None: when told)

    def run(self, seconds: float, fn: Callable[[], R], raise_in: Callable[[int], None]) -> R:
        with self.lock:
            self.calls += 1
            key = self.calls
            due = time.monotonic() + seconds
            self.deadlines[key] = (due, threading.get_ident(), raise_in)
            if self.thread is None:
                self.thread = threading.Thread(target=self._watch, name="time-limit", daemon=True)
                self.thread.start()
            if self.wake is None or due < self.wake:
                # Woken only when this deadline comes first: with one article after
                # another, the watchdog wakes once per time limit, not once per article.
                self.lock.notify()
        try:
            return fn()
        finally:
            with self.lock:  # never raised in after `fn` returned
                self.deadlines.pop(key, None)

    def _watch(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for key, (due, ident, raise_in) in list(self.deadlines.items()):
                    if due <= now:
                        del self.deadlines[key]
                        raise_in(ident)
                self.wake = min((due for due, _, _ in self.deadlines.values()), default=None)
                self.lock.wait(None if self.wake is None else max(0.0, self.wake - now))


_WATCHDOG: list[_Watchdog] = []


def _watchdog() -> _Watchdog:
    if not _WATCHDOG:
        _WATCHDOG.append(_Watchdog())
    return _WATCHDOG[0]


def _forget_watchdog() -> None:
    # A forked worker has no copy of the parent's thread (nor a usable lock): it starts
    # its own watchdog on first use.
    _WATCHDOG.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_watchdog)


def _async_raiser() -> Callable[[int], None] | None:
    try:
        import ctypes

        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):  # not CPython
        return None

    def raise_in(thread_id: int) -> None:
        set_async_exc(ctypes.c_ulong(thread_id), ctypes.py_object(_TooSlow))

    return raise_in


def analyse_task(task: tuple[str, Document]) -> DocAnalysis:
    article_id, document = task
    try:
        return keep_needed(
            _with_time_limit(
                ARTICLE_TIME_LIMIT,
                lambda: analyse_document(article_id, document, _WORKER["taxonomy"], _WORKER["rules"]),
            )
        )
    except BriefingError:
        raise
    except _TooSlow:
        return set_aside(article_id, document, f"analysis took longer than {ARTICLE_TIME_LIMIT:g} s; set aside")
    except RecursionError:
        return set_aside(article_id, document, "could not be analysed (structure nested too deeply)")
    except MemoryError:
        return set_aside(article_id, document, "could not be analysed (out of memory)")
    except Exception as err:  # noqa: BLE001 - one bad article must not stop the brief
        return _failed(article_id, document, err)


def analyse_pooled(task: tuple[str, Document]) -> DocAnalysis:
    """`analyse_task` in a worker: the result travels without its document."""
    result = analyse_task(task)
    return replace(result, document=Document(result.document.source, "", result.document.format))


def pooled(items: list[Any], jobs: int) -> bool:
    return jobs > 1 and len(items) >= POOL_THRESHOLD


def read_task(task: tuple[Path, str]) -> list[Document] | Skipped:
    path, source = task
    try:
        return ingest.read_documents(path, source)
    except InputError as err:
        return Skipped(source, ingest._reason(str(err), source))
    except Exception as err:  # noqa: BLE001 - a reader bug on one file skips that file
        return Skipped(source, f"cannot be read ({err.__class__.__name__})")


class Workers:
    """Ordered maps, in one process pool when it pays, for reading and then analysing.

    One pool, started by the first map while the parent is still small: a forked worker
    begins with a copy of the parent's page table, and workers forked after the corpus
    was read would each count it again.
    """

    def __init__(self, jobs: int, init: tuple[Any, ...]) -> None:
        """`init`: (taxonomy path, cleaning rules path[, keyword engine]), each worker's
        configuration."""
        self.jobs = jobs
        self.init = (*init, "auto")[:3]
        self.pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: list[T], tick: Callable[[], None]) -> Iterator[R]:
        """`fn` over `items`, in order. `items` is emptied as the tasks are handed out,
        so that what they carry (article texts) is freed once processed."""
        if not pooled(items, self.jobs):
            _init_worker(*self.init)
            items.reverse()
            while items:
                yield fn(items.pop())
                tick()
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_init_worker, initargs=(*self.init, True))
        # Chunks amortise pickling and queue round trips, yet stay small enough that the
        # progress bar moves and the last chunks do not leave a core idle.
        chunk = max(1, min(16, len(items) // (self.jobs * 16)))
        try:
            # The pool takes every task at once; from here its work items hold them.
            results = self.pool.map(fn, items, chunksize=chunk)
            items.clear()
            for result in results:
                yield result
                tick()
        except BrokenProcessPool:
            self.stop()
            raise BriefingError("a worker process died (killed, or out of memory?); try fewer --jobs") from None
        except BaseException:
            # Ctrl-C, SIGTERM, or an error: stop the workers now rather than let them
            # finish every queued article.
            self.stop()
            raise

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    def stop(self) -> None:
        if self.pool is not None:
            _stop(self.pool)
            self.pool = None


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)
