"""Atomic outputs: a build killed with SIGKILL at any moment leaves every output whole.

Each final name holds either the previous build's complete file or the new build's
complete file, never part of one; leftover `.briefing-*.tmp` files are allowed until
the next build, which removes them.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from briefing.errors import OutputError
from briefing.write.output import TMP_PREFIX, TMP_SUFFIX, OutputFolder, write_files

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "004_80314923cb317ff3.txt"
DATE = "2024-04-30"
OTHER_DATE = "2024-05-07"
TRIALS = 56


def _cmd(folder: Path, out: Path, day: str) -> list[str]:
    return [sys.executable, "-m", "briefing", "build", str(folder), "--out", str(out), "--audience", "principal", "--jobs", "1", "--date", day, "--quiet"]


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _is_tmp(name: str) -> bool:
    return name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX)


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("atomic")
    folder = base / "in"
    folder.mkdir()
    (folder / "article.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    refs: dict[str, object] = {"folder": folder, "base": base}

    def reference(day: str) -> float:
        out = base / f"ref_{day}"
        started = time.monotonic()
        done = subprocess.run(_cmd(folder, out, day), capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr
        refs[day] = _files(out)
        refs[f"dir_{day}"] = out
        return time.monotonic() - started

    # Compile every module first, so the timed builds are typical ones, not the first.
    subprocess.run([sys.executable, "-c", "import briefing.pipeline, briefing.write.render.pdf, briefing.write.render.docx, briefing.read.html"], cwd=ROOT, check=True)
    # Two at once, as the trials run: their duration is the typical one under test.
    with ThreadPoolExecutor(max_workers=2) as pool:
        refs["duration"] = max(pool.map(reference, (DATE, OTHER_DATE)))
    assert refs[DATE] != refs[OTHER_DATE]  # the two dates give different bytes
    return refs


def _trial(i: int, refs: dict[str, object], delay: float) -> tuple[int, float, dict[str, bytes], int | None]:
    """Previous outputs in place, start a build, SIGKILL it after `delay` s."""
    previous_day = DATE if i % 2 == 0 else OTHER_DATE
    out = Path(refs["base"]) / f"trial_{i:03d}"  # type: ignore[arg-type]
    shutil.copytree(refs[f"dir_{previous_day}"], out)  # type: ignore[arg-type]
    proc = subprocess.Popen(_cmd(refs["folder"], out, DATE), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)  # type: ignore[arg-type]
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return i, delay, {p.name: p.read_bytes() for p in out.iterdir()}, proc.returncode


def test_sigkill_at_random_moments_never_leaves_a_partial_file(references: dict[str, object]) -> None:
    duration = float(references["duration"])  # type: ignore[arg-type]
    rng = random.Random(20240430)
    # Uniform over the whole run, plus a second half of trials over its last part
    # (rendering and writing), where a partial file could appear.
    delays = [rng.uniform(0, duration) for _ in range(TRIALS // 2)]
    delays += [rng.uniform(0.6 * duration, duration * 1.1) for _ in range(TRIALS - len(delays))]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda a: _trial(*a), [(i, references, d) for i, d in enumerate(delays)]))
    new: dict[str, bytes] = references[DATE]  # type: ignore[assignment]
    old: dict[str, bytes] = references[OTHER_DATE]  # type: ignore[assignment]
    killed = finished = mixed = with_tmp = 0
    for i, delay, files, code in results:
        killed += code == -signal.SIGKILL
        finished += code == 0
        names = {n for n in files if not _is_tmp(n)}
        assert names == set(new), (i, delay, sorted(files))
        assert all(_is_tmp(n) for n in set(files) - set(new))
        with_tmp += any(_is_tmp(n) for n in files)
        for name in names:
            if i % 2 == 0:
                assert files[name] == new[name], (i, delay, name)
            else:
                assert files[name] in (old[name], new[name]), (i, delay, name)
        differ = [n for n in names if old[n] != new[n]]
        if i % 2 and any(files[n] == new[n] for n in differ) and any(files[n] == old[n] for n in differ):
            mixed += 1
    assert killed >= TRIALS // 3  # most trials really were killed mid-run
    print(f"\n{TRIALS} trials over {duration:.2f} s: {killed} killed, {finished} finished, {with_tmp} left temporary files, {mixed} caught between renames")


def test_the_next_build_removes_stray_temporary_files(references: dict[str, object]) -> None:
    out = Path(references["base"]) / "stray"  # type: ignore[arg-type]
    shutil.copytree(references[f"dir_{OTHER_DATE}"], out)  # type: ignore[arg-type]
    (out / f"{TMP_PREFIX}abc123{TMP_SUFFIX}").write_bytes(b"half a PDF")
    (out / f"{TMP_PREFIX}notes.txt").write_text("not ours: kept")
    done = subprocess.run(_cmd(references["folder"], out, DATE), capture_output=True, text=True, cwd=ROOT, timeout=300)  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr
    files = _files(out)
    assert not [n for n in files if _is_tmp(n)]
    assert files.pop(f"{TMP_PREFIX}notes.txt") == b"not ours: kept"
    assert files == references[DATE]


# ---------------------------------------------------------------- output.py directly
def test_write_files_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("old")
    paths = write_files(tmp_path, {"a.md": b"new", "brief.json": b"{}", "b.pdf": b"%PDF"})
    assert paths == [tmp_path / "a.md", tmp_path / "b.pdf", tmp_path / "brief.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.pdf", "brief.json"]
    assert (tmp_path / "a.md").read_bytes() == b"new"


def test_brief_json_is_renamed_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    real = os.replace

    def spy(src: str, dst: os.PathLike[str]) -> None:
        order.append(Path(dst).name)
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_files(tmp_path, {"z.pdf": b"1", "brief.json": b"2", "a.docx": b"3"})
    assert order[-1] == "brief.json" and sorted(order) == ["a.docx", "brief.json", "z.pdf"]


def test_a_failed_write_removes_its_temporaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "brief.json").write_text("previous")
    real = os.fsync
    calls = {"n": 0}

    def failing(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(OutputError, match="No space left on device"):
        write_files(tmp_path, {"a.pdf": b"x" * 1000, "b.pdf": b"y", "brief.json": b"{}"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.json"]
    assert (tmp_path / "brief.json").read_text() == "previous"


def test_an_interrupted_write_removes_its_temporaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fsync
    calls = {"n": 0}

    def interrupted(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        real(fd)

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_files(tmp_path, {"a.pdf": b"x", "b.pdf": b"y"})
    assert list(tmp_path.iterdir()) == []


def test_the_folder_is_locked_while_a_build_holds_it(tmp_path: Path) -> None:
    with OutputFolder(tmp_path):
        with pytest.raises(OutputError, match="another build is writing to this folder"):
            OutputFolder(tmp_path)
    with OutputFolder(tmp_path) as again:  # released on close
        again.write({"x.md": b"1"})


def test_stale_cleanup_removes_only_our_temporary_files(tmp_path: Path) -> None:
    (tmp_path / f"{TMP_PREFIX}1{TMP_SUFFIX}").write_bytes(b"")
    (tmp_path / f"{TMP_PREFIX}dir{TMP_SUFFIX}").mkdir()
    (tmp_path / "keep.tmp").write_bytes(b"")
    write_files(tmp_path, {"brief.json": b"{}"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{TMP_PREFIX}dir{TMP_SUFFIX}", "brief.json", "keep.tmp"]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: a read-only folder is still writable by root")
def test_a_read_only_folder_is_an_output_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="cannot write output"):
            write_files(tmp_path, {"brief.json": b"{}"})
    finally:
        tmp_path.chmod(0o755)
