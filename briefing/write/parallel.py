"""Every audience's documents, rendered side by side: a forked process per audience, at
most as many at once as there are cores (or `--jobs`).

In: the brief as data, the audiences in order, the build options, the template
environment. Out: per audience, in that order, (Markdown, files by format, PDF pages or
None, dropped keys), as the serial loop over `render_audience` gives them.

An audience's documents depend only on the brief and the options, never on another
audience's, so the order they are made in cannot show in the bytes. What the serial
loop would do still holds:
- errors: the one raised is the earliest audience's that failed, with its own one-line
  message (the child sends the exception back; no traceback crosses over); audiences
  after it are not waited for, as the serial loop would never have reached them;
- nothing is written here: the caller writes the files once every audience rendered;
- Ctrl-C or SIGTERM in the parent kills the children (and anything they forked) before
  the interrupt goes on; the children ignore the terminal's Ctrl-C themselves, and die
  with the parent however it dies.

Serial, in-process, where fork is not available, with one job, or for one audience.
"""

from __future__ import annotations

import importlib
import os
import pickle
import selectors
import signal
import traceback
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Callable

from jinja2 import meta

from briefing.errors import BriefingError, RenderError
from briefing.write.audience import page_count, render_audience
from briefing.write.render import RenderOptions

__all__ = ["render_audiences"]

# (Markdown, files by format, PDF pages or None, dropped keys)
Rendered = tuple[str, dict[str, bytes], int | None, list[str]]
_BLOCKED = {signal.SIGINT, signal.SIGTERM}


def render_audiences(
    data: dict[str, Any], audiences: tuple[str, ...], options: Any, env: Any, jobs: int, tick: Callable[[], None]
) -> list[Rendered]:
    """Each audience's documents, in `audiences` order; `tick()` once per audience done."""
    workers = min(jobs, len(audiences), _cores())
    if workers <= 1 or not hasattr(os, "fork"):
        return [_serial(data, audience, options, env, tick) for audience in audiences]
    _warm(env, audiences, options)
    return _Pool(data, audiences, options, env, workers, tick).run()


def _cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU mask)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _serial(data: dict[str, Any], audience: str, options: Any, env: Any, tick: Callable[[], None]) -> Rendered:
    markdown, _doc, outputs, drops = render_audience(data, audience, options, env)
    tick()
    return markdown, outputs, _pages(outputs), drops


def _pages(outputs: dict[str, bytes]) -> int | None:
    return page_count(outputs["pdf"]) if "pdf" in outputs else None


def _warm(env: Any, audiences: tuple[str, ...], options: Any) -> None:
    """What every audience's rendering loads first, loaded once before forking: each
    child would pay for it again, and the serial loop pays once (about a second of
    imports, 0.3 s of fonts, the templates' compilation). Failures are left for the
    child to report, as the serial loop reports them."""
    if "docx" in options.formats:
        with suppress(Exception):
            importlib.import_module("briefing.write.render.docx")
    if getattr(options, "pdf_engine", "reportlab") == "reportlab":
        # The page-limit search and the DOCX contents list lay out a PDF whatever the formats.
        with suppress(Exception):
            importlib.import_module("briefing.write.render.pdf")
            from briefing.write.render.assets import style_file
            from briefing.write.render.pdf_styles import load_sheet

            load_sheet(style_file(RenderOptions(templates_dir=options.templates), "pdf.toml"))  # registers its fonts
    for audience in audiences:
        _compile(env, f"audiences/{audience}.md.j2", set())


def _compile(env: Any, name: str, seen: set[str]) -> None:
    """Compile template `name` and those it extends, includes or imports by name."""
    if name in seen:
        return
    seen.add(name)
    with suppress(Exception):
        env.get_template(name)
        source = env.loader.get_source(env, name)[0]
        for other in meta.find_referenced_templates(env.parse(source)):
            if other is not None:
                _compile(env, other, seen)


@dataclass
class _Child:
    index: int
    pid: int
    fd: int
    chunks: list[bytes] = field(default_factory=list)


class _Pool:
    """Children started in audience order, `workers` at a time, their results read as
    they come (a child blocks on a full pipe until its result is read)."""

    def __init__(self, data: dict[str, Any], audiences: tuple[str, ...], options: Any, env: Any, workers: int,
                 tick: Callable[[], None]) -> None:  # fmt: skip
        self.data, self.audiences, self.options, self.env = data, audiences, options, env
        self.workers, self.tick = workers, tick
        self.results: dict[int, tuple[str, Any]] = {}
        self.running: dict[int, _Child] = {}  # by pipe fd
        self.failed = len(audiences)  # the earliest audience that failed so far

    def run(self) -> list[Rendered]:
        waiting = list(range(len(self.audiences)))
        with selectors.DefaultSelector() as sel:
            try:
                while waiting or self.running:
                    while waiting and len(self.running) < self.workers:
                        index = waiting.pop(0)
                        if index < self.failed:
                            self._start(sel, index)
                    if self.running:
                        for key, _ in sel.select():
                            # One result can stop another child: its fd is then closed.
                            if self.running.get(key.fd) is key.data:
                                self._read(sel, key.data)
            finally:
                self._stop(sel)
        return self._in_order()

    def _start(self, sel: selectors.BaseSelector, index: int) -> None:
        audience = self.audiences[index]
        render = lambda: render_audience(self.data, audience, self.options, self.env)  # noqa: E731
        read_fd, write_fd = os.pipe()
        # Ctrl-C between the fork and the child's own handlers would unwind the child
        # through the parent's code (its output folder's clean-up), and in the parent
        # before the child is on record it would leave the child running: blocked
        # until both are settled.
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCKED)
        try:
            try:
                pid = os.fork()
            except OSError:
                pid = -1  # no process to be had (a limit reached): this one renders here
            if pid == 0:
                os.close(read_fd)
                _child(write_fd, render)
            os.close(write_fd)
            if pid > 0:
                with suppress(OSError):
                    os.setpgid(pid, pid)  # as the child does: no race over which is first
                child = _Child(index, pid, read_fd)
                self.running[read_fd] = child
                sel.register(read_fd, selectors.EVENT_READ, child)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        if pid < 0:
            os.close(read_fd)
            self._done(sel, index, _in_process(render))

    def _read(self, sel: selectors.BaseSelector, child: _Child) -> None:
        chunk = os.read(child.fd, 1 << 20)
        if chunk:
            child.chunks.append(chunk)
            return
        sel.unregister(child.fd)
        os.close(child.fd)
        del self.running[child.fd]
        _, status = os.waitpid(child.pid, 0)
        self._done(sel, child.index, _decode(b"".join(child.chunks), status, self.audiences[child.index]))

    def _done(self, sel: selectors.BaseSelector, index: int, outcome: tuple[str, Any]) -> None:
        if outcome[0] == "ok":
            markdown, outputs, drops = outcome[1]
            # Counted here, while the other children still render.
            self.results[index] = ("ok", (markdown, outputs, _pages(outputs), drops))
            self.tick()
            return
        self.results[index] = outcome
        if index < self.failed:
            self.failed = index
            # The serial loop would have stopped here: later audiences are not waited for.
            for other in list(self.running.values()):
                if other.index > index:
                    self._kill(sel, other)

    def _kill(self, sel: selectors.BaseSelector, child: _Child) -> None:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)  # with whatever it forked (a user template's sandbox)
        with suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        with suppress(KeyError, ValueError):
            sel.unregister(child.fd)
        os.close(child.fd)
        del self.running[child.fd]
        os.waitpid(child.pid, 0)

    def _stop(self, sel: selectors.BaseSelector) -> None:
        """No child outlives the pool: on an error or an interrupt in the parent, every
        one still running is killed and reaped."""
        for child in list(self.running.values()):
            self._kill(sel, child)

    def _in_order(self) -> list[Rendered]:
        out: list[Rendered] = []
        for index in range(len(self.audiences)):
            status, value = self.results[index]
            if status != "ok":
                raise value
            out.append(value)
        return out


def _child(write_fd: int, render: Callable[[], tuple[str, Any, dict[str, bytes], list[str]]]) -> None:
    """Render, send ("ok", (markdown, outputs, dropped)) or ("error", exception) down the
    pipe, and leave without running anything of the parent's (no clean-up handlers,
    no flush of its buffered output): never returns."""
    code = 0
    try:
        with suppress(OSError):
            os.setpgid(0, 0)
        # The parent handles Ctrl-C and stops the children; SIGTERM ends a child at once.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _BLOCKED)
        from briefing.workers import end_with_parent

        end_with_parent()
        try:
            markdown, _doc, outputs, drops = render()
            payload = pickle.dumps(("ok", (markdown, outputs, drops)), pickle.HIGHEST_PROTOCOL)
        except BaseException as err:  # noqa: BLE001 - every failure is the parent's to raise
            if not isinstance(err, BriefingError):
                # A bug: where it happened, for a traceback shown outside the CLI.
                with suppress(Exception):
                    err.add_note("In the audience's rendering process:\n" + "".join(traceback.format_exception(err)))
            payload = _error_payload(err)
        with os.fdopen(write_fd, "wb") as fh:
            fh.write(payload)
    except BaseException:  # noqa: BLE001 - the parent reports a child that sent nothing
        code = 1
    finally:
        os._exit(code)


def _in_process(render: Callable[[], tuple[str, Any, dict[str, bytes], list[str]]]) -> tuple[str, Any]:
    try:
        markdown, _doc, outputs, drops = render()
    except Exception as err:  # noqa: BLE001 - raised in audience order, as a child's is
        return "error", err
    return "ok", (markdown, outputs, drops)


def _error_payload(err: BaseException) -> bytes:
    """The exception itself when it survives pickling, so the parent raises the same
    class with the same message (and exit code); else the nearest error it can send."""
    try:
        payload = pickle.dumps(("error", err), pickle.HIGHEST_PROTOCOL)
        pickle.loads(payload)
        return payload
    except Exception:  # noqa: BLE001 - an exception whose arguments do not pickle
        stand_in: BaseException
        if isinstance(err, BriefingError):
            base = next(c for c in type(err).__mro__ if c.__module__ == BriefingError.__module__)
            stand_in = base(str(err))
        else:
            stand_in = RuntimeError(f"{type(err).__name__}: {err}")
        return pickle.dumps(("error", stand_in), pickle.HIGHEST_PROTOCOL)


def _decode(payload: bytes, status: int, audience: str) -> tuple[str, Any]:
    try:
        outcome: tuple[str, Any] = pickle.loads(payload)
        return outcome
    except Exception:  # noqa: BLE001 - killed mid-way (out of memory), nothing readable sent
        how = f"killed by signal {-os.waitstatus_to_exitcode(status)}" if os.WIFSIGNALED(status) else "stopped"
        return "error", RenderError(f"{audience}: rendering {how} before it finished (out of memory?)")
