"""The template sandbox: what a template may read, build and print, and where it runs.

In: a templates folder (searched before the shipped templates). Out: a Jinja2
environment (`Sandbox`) and `run_bounded`, which runs one rendering under limits.

What holds, and how:
- Files: templates load only from inside the template folders (`FolderLoader`); a name
  whose real path leads out (a symbolic link to /etc) is refused with a one-line error,
  and a template file over `MAX_TEMPLATE_BYTES` is refused by its size.
- Size: the string-building operations (`*`, `%`, `center`, `format`, `ljust`, `rjust`,
  `zfill`, `expandtabs`, `indent`, `replace`, `join`, namespace assignment) are checked
  against the size of what they would make, before making it.
- Memory and time, whatever the template does: on POSIX a rendering that loads user
  templates runs in a forked child under an address-space limit (`RENDER_MEMORY_BYTES`
  above what the parent already maps) and is killed after `RENDER_SECONDS`; one huge
  C-level allocation fails in the child, not in the build. The shipped templates are
  part of the program and render in-process (a fork costs ~10-30 ms, which thousands of
  test renderings would feel), under the same checks and the timer signal, which is
  also the limit where fork is not available.
- Output: only plain values (text, numbers, dates) print; any other object, and any
  default object repr ("<function f at 0x7f…>", an address, so not reproducible), is
  an error rather than output.
- Cost: a context value that is a `Deferred` is computed the first time a template
  reads its name, and the template sees the plain value: a template that never shows
  who's who does not pay for it, and one that does sees the same list as before.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import string
import threading
from contextlib import contextmanager
from datetime import date
from typing import Any, Callable, Iterator

import jinja2
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

from briefing.errors import TemplateError

try:  # POSIX only: elsewhere renderings run in-process under the timer alone
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

RENDER_SECONDS = 5.0
MAX_OUTPUT_CHARS = 5_000_000
MAX_TEMPLATE_BYTES = 1_000_000
# What one rendering may map on top of the parent: the shipped templates need ~20 MB.
RENDER_MEMORY_BYTES = 512 * 1024 * 1024
_PLAIN = (str, int, float, date)
_REPR = re.compile(r" at 0x[0-9A-Fa-f]{4,}\\?>")


# ---------------------------------------------------------------- files
class FolderLoader(jinja2.FileSystemLoader):
    """A file loader that refuses what lies outside its folders, however it is reached."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename or "")
        roots = [os.path.realpath(p) for p in self.searchpath]
        if not any(os.path.commonpath([root, real]) == root for root in roots):
            raise TemplateError(f"{template}: template leads outside the template folders (a symbolic link?); refused")
        if len(source) > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"{template}: template is over the {MAX_TEMPLATE_BYTES // 1000} kB limit")
        return source, filename, uptodate


# ---------------------------------------------------------------- sizes
def _too_big(n: int, what: str) -> None:
    if n > MAX_OUTPUT_CHARS:
        raise SecurityError(f"{what} would make {n:,} characters (limit {MAX_OUTPUT_CHARS:,})")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any], percent: bool) -> None:
    """Refuse a format whose widths or precisions (written, or given as `*` / `{w}`
    arguments) exceed the output limit, and arguments that would print as an object."""
    for value in list(args) + list(kwargs.values()):
        _printable(value)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT_CHARS:
            _too_big(abs(value), "a format argument")
    specs: list[str] = []
    if percent:
        specs = [m.group(0) for m in _PERCENT_SPEC.finditer(fmt)]
    else:
        try:
            stack = [fmt]
            while stack:
                for _, _, spec, _ in string.Formatter().parse(stack.pop()):
                    if spec:
                        specs.append(spec)
                        stack.append(spec)
        except ValueError as err:
            raise SecurityError(f"bad format string ({err})") from None
    for spec in specs:
        for n in re.findall(r"\d+", spec):
            _too_big(int(n), "a format width")


def _printable(value: Any) -> None:
    if isinstance(value, (tuple, list)):
        for v in value:
            _printable(v)
        return
    if isinstance(value, dict):
        for v in value.values():
            _printable(v)
        return
    if value is not None and not isinstance(value, _PLAIN) and not isinstance(value, jinja2.Undefined):
        raise SecurityError(f"cannot print a {type(value).__name__} object (print one of its fields)")


def _width_checked(name: str, fn: Callable[..., str]) -> Callable[..., str]:
    def checked(value: Any, width: int = 80, *args: Any, **kwargs: Any) -> str:
        if isinstance(width, int):
            _too_big(width, name)
        return fn(value, width, *args, **kwargs)

    return checked


@jinja2.pass_environment
def _wordwrap(environment: jinja2.Environment, s: str, width: int = 79, *args: Any, **kwargs: Any) -> str:
    if isinstance(width, int):
        _too_big(width, "wordwrap")
    return jinja2.filters.do_wordwrap(environment, s, width, *args, **kwargs)


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    _check_format(str(value), args, kwargs, percent=True)
    return jinja2.filters.do_format(value, *args, **kwargs)  # type: ignore[no-any-return]


def _replace_filter(eval_ctx: Any, s: Any, old: str, new: str, count: int | None = None) -> str:
    text, old_s, new_s = str(s), str(old), str(new)
    hits = text.count(old_s) if old_s else len(text) + 1
    if count is not None and count >= 0:
        hits = min(hits, count)
    _too_big(len(text) + hits * max(0, len(new_s) - len(old_s)), "replace")
    return jinja2.filters.do_replace(eval_ctx, s, old, new, count)  # type: ignore[no-any-return]


_replace_filter = jinja2.pass_eval_context(_replace_filter)


class _BoundedNamespace(Namespace):
    """`namespace()` whose attributes cannot hold more text than a template may print:
    doubling a string in a loop stops at the limit, not at gigabytes."""

    def __setitem__(self, name: str, value: Any) -> None:
        if isinstance(value, (str, list, tuple)):
            _too_big(len(value), "a namespace value")
        super().__setitem__(name, value)


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


# ---------------------------------------------------------------- deferred values
class Deferred:
    """A context value computed on first read, once, however many names or contexts
    (blocks, includes) share it."""

    __slots__ = ("_compute", "_value")

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute: Callable[[], Any] | None = compute
        self._value: Any = None

    def get(self) -> Any:
        if self._compute is not None:
            self._value = self._compute()
            self._compute = None  # what it closed over (the brief's quotes) can go
        return self._value


class _DeferringContext(Context):
    """Resolves a `Deferred` when a template reads its name, so templates (and the
    checks above, which know lists, not proxies) only ever see the plain value.
    Jinja routes every name lookup through `resolve_or_missing`."""

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        return value.get() if isinstance(value, Deferred) else value


class Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with every string-building operation size-checked."""

    context_class = _DeferringContext
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["center"] = _width_checked("center", jinja2.filters.do_center)
        self.filters["indent"] = _width_checked("indent", jinja2.filters.do_indent)
        self.filters["wordwrap"] = _wordwrap
        self.filters["format"] = _format_filter
        self.filters["replace"] = _replace_filter
        self.globals["namespace"] = _BoundedNamespace
        self.globals.pop("lipsum", None)  # nothing a brief needs; its repr leaks an address

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and right > 64:
            raise SecurityError("exponent too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > 100_000:
                    raise SecurityError("repetition too large")
        if operator == "%" and isinstance(left, str):
            _check_format(left, right if isinstance(right, tuple) else (right,), {}, percent=True)
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _too_big(len(left) + len(right), "+")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805,B902
        # Jinja hands templates str.format wrapped in its own formatter: look through it.
        method = getattr(__obj, "__wrapped__", __obj)
        bound_to = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(bound_to, str):
            if name in _WIDTH_METHODS and args and isinstance(args[0], int):
                _too_big(args[0], name)
            elif name == "expandtabs":
                _too_big(len(bound_to) * (args[0] if args and isinstance(args[0], int) else 8), name)
            elif name in ("format", "format_map"):
                _check_format(bound_to, args, kwargs, percent=False)
            elif name == "join" and args and isinstance(args[0], (list, tuple)):
                _too_big(sum(len(str(a)) for a in args[0]) + len(bound_to) * len(args[0]), name)
            elif name == "replace" and len(args) >= 2:
                old, new = str(args[0]), str(args[1])
                hits = bound_to.count(old) if old else len(bound_to) + 1
                _too_big(len(bound_to) + hits * max(0, len(new) - len(old)), name)
        return super().call(__context, __obj, *args, **kwargs)


def finalize(escape: Callable[[Any], str]) -> Callable[[Any], str]:
    """`finalize` for the environment: escape plain values, refuse objects."""

    def run(value: Any) -> str:
        _printable(value) if not isinstance(value, (list, tuple, dict)) else _refuse_container(value)
        return escape(value)

    return run


def _refuse_container(value: Any) -> None:
    raise SecurityError(f"cannot print a {type(value).__name__} as is (loop over it, or join it)")


# ---------------------------------------------------------------- running
@contextmanager
def _timer(seconds: float, name: str) -> Iterator[None]:
    """The in-process limit where no child can be forked: a timer signal interrupts
    CPU-bound templates (nested loops), on the main thread only."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TemplateError(f"{name}: template took longer than {seconds:g} s to render (runaway loop?)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_output(out: str, name: str) -> str:
    if len(out) > MAX_OUTPUT_CHARS:
        raise TemplateError(f"{name}: template output larger than {MAX_OUTPUT_CHARS} characters")
    if _REPR.search(out):
        raise TemplateError(f"{name}: template output contains an object's repr (a memory address); print its fields instead")
    return out


def run_bounded(render: Callable[[], str], name: str, isolate: bool = True) -> str:
    """`render()` (which raises only `TemplateError`) in a forked child under a memory
    and a time limit; in-process under the timer when not `isolate`d or where fork is
    not available."""
    if not isolate or resource is None or not hasattr(os, "fork"):
        with _timer(RENDER_SECONDS, name):
            return check_output(render(), name)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send back ("ok"|"error", text), never return
        os.close(read_fd)
        code = 0
        try:
            _limit_memory()
            try:
                result: tuple[str, str] = ("ok", check_output(render(), name))
            except TemplateError as err:
                result = ("error", str(err))
            except MemoryError:
                result = ("error", f"{name}: template needs more than {RENDER_MEMORY_BYTES // 1_048_576} MB of memory; stopped")
            with os.fdopen(write_fd, "wb") as fh:
                pickle.dump(result, fh)
        except BaseException:  # noqa: BLE001 - the parent reports a child that sent nothing
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return _collect(pid, read_fd, name)


def _limit_memory() -> None:
    mapped = _mapped_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + RENDER_MEMORY_BYTES
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 4 * 1024**3  # no /proc: a generous base


def _collect(pid: int, read_fd: int, name: str) -> str:
    """The child's result, or a `TemplateError` when it ran out of time or died."""
    import selectors
    import time

    deadline = time.monotonic() + RENDER_SECONDS
    chunks: list[bytes] = []
    timed_out = False
    try:
        with selectors.DefaultSelector() as sel, os.fdopen(read_fd, "rb", buffering=0) as fh:
            sel.register(fh, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    timed_out = True
                    break
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:  # Ctrl-C while waiting: the child goes too
        timed_out = True
        raise
    finally:
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
    if timed_out:
        raise TemplateError(f"{name}: template took longer than {RENDER_SECONDS:g} s to render (runaway loop?)")
    try:
        status, text = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - a child killed mid-way sends nothing readable
        raise TemplateError(f"{name}: template rendering died (out of memory?)") from None
    if status != "ok":
        raise TemplateError(text)
    return str(text)
