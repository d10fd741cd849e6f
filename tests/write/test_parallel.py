"""Audiences rendered in forked processes give the serial loop's bytes and errors."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from briefing.errors import RenderError, TemplateError
from briefing.write import audience as audience_module
from briefing.write import parallel
from briefing.write.layout import make_environment
from briefing.write.parallel import render_audiences
from seedkit import AS_OF, SEEDS, run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="audiences render in parallel only where fork is")
AUDIENCES = ("analyst", "principal", "press")
OPTIONS = SimpleNamespace(paper="A4", reference_doc=None, templates=None, author="", pdf_engine="reportlab", formats=("docx", "pdf"))


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked, by pid; as many workers as audiences whatever the machine."""
    pids: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", counted)
    monkeypatch.setattr(parallel, "_cores", lambda: 8)
    return pids


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_parallel_output_is_the_serial_output(data: dict[str, Any], forks: list[int]) -> None:
    env = make_environment(None)
    ticks: list[int] = []
    serial = render_audiences(data, AUDIENCES, OPTIONS, env, 1, lambda: None)
    assert forks == []
    side_by_side = render_audiences(data, AUDIENCES, OPTIONS, env, 3, lambda: ticks.append(1))
    assert len(forks) == 3 and len(ticks) == 3
    assert side_by_side == serial
    assert all(_gone(pid) for pid in forks)
    # Two at a time, three audiences: the order they finish in does not show.
    assert render_audiences(data, AUDIENCES, OPTIONS, env, 2, lambda: None) == serial


def test_a_parallel_build_writes_the_serial_builds_files(tmp_path: Path, seed_build: dict[str, Any], forks: list[int]) -> None:
    from briefing.pipeline import BuildOptions, build

    result = build(BuildOptions(input_dir=SEEDS, out_dir=tmp_path, as_of=AS_OF, jobs=2))
    assert forks  # the analysis may fork too; rendering did
    assert result.pages == seed_build["result"].pages
    names = sorted(p.name for p in seed_build["out"].iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    for name in names:
        assert (tmp_path / name).read_bytes() == (seed_build["out"] / name).read_bytes(), name


def _failing(monkeypatch: pytest.MonkeyPatch, fail: dict[str, float]) -> None:
    """The PDF renderer refuses the documents of the audiences in `fail`, after the
    given delay (the children inherit the patch)."""
    real = audience_module.get_renderer

    class Refusing:
        def __init__(self, name: str) -> None:
            self.inner = real(name)

        def render(self, doc: Any, options: Any) -> bytes:
            if doc.meta.audience in fail:
                time.sleep(fail[doc.meta.audience])
                raise ValueError(f"cell of {doc.meta.audience} too large\nfor a page")
            return self.inner.render(doc, options)

    monkeypatch.setattr(audience_module, "get_renderer", Refusing)


def _raised(data: dict[str, Any], jobs: int) -> RenderError:
    with pytest.raises(RenderError) as err:
        render_audiences(data, AUDIENCES, OPTIONS, make_environment(None), jobs, lambda: None)
    assert err.value.__traceback__ is not None
    return err.value


def test_a_childs_render_error_is_the_serial_error(data: dict[str, Any], forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    _failing(monkeypatch, {"press": 0.0})
    serial = _raised(data, 1)
    assert not forks
    parallel_err = _raised(data, 3)
    assert forks
    assert str(parallel_err) == str(serial) == "press.docx: cannot render (ValueError: cell of press too large for a page)"
    assert type(parallel_err) is type(serial) and parallel_err.exit_code == serial.exit_code
    # Nothing chained to print under it (a child's exception arrives without its context).
    assert parallel_err.__cause__ is None and (parallel_err.__context__ is None or parallel_err.__suppress_context__)
    assert all(_gone(pid) for pid in forks)


def test_the_earliest_audience_failing_is_the_one_reported(data: dict[str, Any], forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    # The principal fails last in time but first in order: the serial loop reports it.
    _failing(monkeypatch, {"principal": 1.0, "press": 0.0})
    assert str(_raised(data, 3)) == str(_raised(data, 1)) == "principal.docx: cannot render (ValueError: cell of principal too large for a page)"


def test_an_interrupt_leaves_no_child(data: dict[str, Any], forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    _failing(monkeypatch, {"analyst": 30.0, "press": 30.0})  # still rendering when the interrupt comes

    def interrupt() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render_audiences(data, AUDIENCES, OPTIONS, make_environment(None), 3, interrupt)
    assert len(forks) == 3
    assert all(_gone(pid) for pid in forks)


def test_a_child_that_dies_is_a_one_line_error(data: dict[str, Any], forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    def die(*args: Any) -> None:
        os._exit(9)

    monkeypatch.setattr(parallel, "render_audience", die)
    with pytest.raises(RenderError, match=r"^analyst: rendering stopped before it finished"):
        render_audiences(data, AUDIENCES, OPTIONS, make_environment(None), 3, lambda: None)


def test_a_template_error_in_a_child_is_reported_by_the_cli_as_serially(tmp_path: Path) -> None:
    """The user's template fails in the child's sandbox: the same line, the same exit
    code, no traceback and no output written, with one job or two."""
    folder = tmp_path / "templates" / "audiences"
    folder.mkdir(parents=True)
    (folder / "press.md.j2").write_text('{% extends "base.md.j2" %}\n{% set audience = "press" %}\n{% block sections %}{{ 1 // 0 }}{% endblock %}\n', encoding="utf-8")
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        run = run_cli("build", str(SEEDS), "--out", str(out), "--date", AS_OF.isoformat(), "--templates", str(tmp_path / "templates"), "--jobs", jobs, "-q")
        assert "Traceback" not in run.stderr
        assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]
        results.append((run.returncode, run.stderr))
    assert results[0] == results[1]
    assert results[0][0] == TemplateError.exit_code
    assert results[0][1].strip().splitlines() == ["briefing: press.md.j2:3: ZeroDivisionError: integer division or modulo by zero"]


def test_a_bug_in_a_child_is_the_same_exception(data: dict[str, Any], forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: dict[str, Any], audience: str, *args: Any) -> None:
        raise KeyError(f"no field for {audience}")

    monkeypatch.setattr(parallel, "render_audience", broken)
    with pytest.raises(KeyError) as err:
        render_audiences(data, AUDIENCES, OPTIONS, make_environment(None), 3, lambda: None)
    assert str(err.value) == "'no field for analyst'"
    assert "in broken" in "".join(getattr(err.value, "__notes__", []))  # where it happened, in the child
