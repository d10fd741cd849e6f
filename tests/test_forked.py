"""Work handed to a forked child gives what the same call gives in the parent."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from briefing import forked
from briefing.errors import InputError
from seedkit import AS_OF, SEEDS

needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="this platform does not fork (the work runs inline)")


def _words(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    counts["pid"] = os.getpid()
    return counts


@needs_fork
def test_a_forked_call_returns_what_the_call_returns_and_runs_in_another_process() -> None:
    text = "Beijing said tariffs would rise; Washington said tariffs would not."
    result = forked.call(_words, text).result()
    inline = forked.call(_words, text, fork=False).result()
    assert result.pop("pid") != os.getpid()
    assert inline.pop("pid") == os.getpid()
    assert result == inline and result["tariffs"] == 2


def _fails(path: str) -> None:
    raise InputError(f"{path}: not a folder")


@pytest.mark.parametrize("fork", [True, False])
def test_an_error_in_the_work_is_raised_in_the_parent_as_it_was(fork: bool) -> None:
    with pytest.raises(InputError, match="^week/: not a folder$"):
        forked.call(_fails, "week/", fork=fork).result()


def _killed_when_forked(parent: int) -> str:
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return "done here"


@needs_fork
def test_a_child_that_dies_leaves_the_work_to_the_parent() -> None:
    assert forked.call(_killed_when_forked, os.getpid()).result() == "done here"


@needs_fork
def test_a_build_whose_weekly_blocks_are_forked_writes_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.pipeline as pipeline

    corpus = tmp_path / "in"
    corpus.mkdir()
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        (corpus / seed.name).write_text(f"Date: 2024-04-{22 + i}\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    calls: list[bool] = []
    real = forked.call

    def recording(fn: object, *args: object, fork: bool = True) -> object:
        calls.append(fork)
        return real(fn, *args, fork=fork)  # type: ignore[arg-type]

    monkeypatch.setattr(forked, "call", recording)
    outs = []
    for threshold in (10**9, 0):
        monkeypatch.setattr(pipeline, "FORK_WEEKLY_AT", threshold)
        out = tmp_path / f"out{threshold}"
        pipeline.build(pipeline.BuildOptions(input_dir=corpus, out_dir=out, audiences=("analyst",), formats=("pdf",), as_of=AS_OF, jobs=2))
        outs.append(out)
    assert calls == [False, True]
    import json

    data = json.loads((outs[1] / "brief.json").read_text(encoding="utf-8"))
    assert data["timeline"] and data["watch"]  # the forked blocks are there, not empty
    for name in ("brief.json", "analyst.md", "analyst.pdf"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
