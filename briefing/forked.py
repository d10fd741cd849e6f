"""Work the build hands to a forked copy of itself, to run on another core while it goes
on: the parent's data is there in the child at no copying cost, and only the result
travels back (pickled, through a pipe).

Where fork is not what the platform does (Windows; macOS, whose system libraries are not
safe to use after fork), or when the caller says it does not pay, the work runs in the
calling process when its result is asked for: the same function on the same data, so the
result is the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from typing import Any, Callable, Generic, TypeVar

__all__ = ["Pending", "call", "can_fork"]

R = TypeVar("R")


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Pending(Generic[R]):
    """The result of `fn(*args)`, being worked out in a child process (or, inline, not yet)."""

    def __init__(self, fn: Callable[..., R], args: tuple[Any, ...], fork: bool) -> None:
        self.fn, self.args = fn, args
        self.process: Any = None
        if fork and can_fork():
            ctx = multiprocessing.get_context("fork")
            self.pipe, sender = ctx.Pipe(duplex=False)
            self.process = ctx.Process(target=_child, args=(sender, fn, args), daemon=True)
            self.process.start()
            sender.close()

    def result(self) -> R:
        if self.process is None:
            return self.fn(*self.args)
        try:
            ok, value = self.pipe.recv()
        except (EOFError, OSError):
            # The child died without an answer (killed, out of memory): do the work here.
            ok, value = True, self.fn(*self.args)
        finally:
            self.cancel()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the child, if it still runs (the build failed or was interrupted)."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.pipe.close()
            self.process = None


def call(fn: Callable[..., R], *args: Any, fork: bool = True) -> Pending[R]:
    """Start `fn(*args)` in a forked child when `fork` (and the platform forks)."""
    return Pending(fn, args, fork)


def _child(sender: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and stops this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from briefing.workers import end_with_parent

    end_with_parent()
    try:
        payload: tuple[bool, Any] = (True, fn(*args))
    except BaseException as err:  # noqa: BLE001 - raised again in the parent
        payload = (False, err)
    try:
        sender.send(payload)
    except Exception as err:  # noqa: BLE001 - an exception that cannot be pickled
        sender.send((False, RuntimeError(f"{err.__class__.__name__}: {err}")))
    sender.close()
    os._exit(0)  # no atexit handlers, no flushing of buffers copied from the parent
