"""Run-level problems through the real command line: one line on stderr naming what is
wrong, the documented exit code, never a traceback; the progress bar and the summary."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from seedkit import run_cli

from briefing import errors

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_80314923cb317ff3.txt"
AS_OF = "2024-04-30"




@pytest.fixture()
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "article.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _one_error_line(done: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    errors_ = [ln for ln in lines if ln.startswith("briefing: ")]
    assert len(errors_) == 1 and lines[-1] == errors_[0], lines
    for w in words:
        assert w in errors_[0], errors_[0]
    return errors_[0]


# ---------------------------------------------------------------- exit codes
def test_readme_documents_the_exit_codes_errors_py_uses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", section, flags=re.M)}
    used = {errors.EXIT_OK, errors.EXIT_BUG, errors.EXIT_INTERRUPTED} | {
        cls.exit_code for cls in (errors.InputError, errors.ConfigError, errors.TemplateError, errors.RenderError, errors.OutputError)
    }
    assert documented == used == {0, 2, 3, 4, 5, 6, 70, 130}
    assert errors.BriefingError.exit_code == errors.EXIT_BUG


def test_output_folder_under_a_regular_file(small: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    started = time.monotonic()
    done = run_cli("build", str(small), "--out", str(blocker / "out"), "--audience", "principal")
    _one_error_line(done, 6, str(blocker / "out"), "Not a directory")
    done = run_cli("build", str(small), "--out", str(blocker), "--audience", "principal")
    _one_error_line(done, 6, str(blocker), "not a folder")
    # Checked before the analysis, not after it.
    assert time.monotonic() - started < 20


def test_output_folder_in_use_by_another_build(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    from filelock import FileLock

    from briefing.write.output import LOCK_NAME

    with FileLock(out / LOCK_NAME):  # what another build holds while it runs
        done = run_cli("build", str(small), "--out", str(out), "--audience", "principal")
    _one_error_line(done, 6, str(out), "another build")


def test_output_name_taken_by_a_folder(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "principal.pdf").mkdir(parents=True)
    done = run_cli("build", str(small), "--out", str(out), "--audience", "principal", "--date", AS_OF, "--jobs", "1")
    _one_error_line(done, 6, "principal.pdf", "folder")
    assert not [p.name for p in out.iterdir() if p.name.startswith(".briefing-")]
    assert not (out / "brief.json").exists()


def test_malformed_taxonomy(small: Path, tmp_path: Path) -> None:
    bad = tmp_path / "taxonomy.toml"
    bad.write_text("[[sections]\nid = \n", encoding="utf-8")
    _one_error_line(run_cli("build", str(small), "--out", str(tmp_path / "o"), "--taxonomy", str(bad)), 3, str(bad), "TOML")
    bad.write_text('[[sections]]\nid = "Not Snake"\n', encoding="utf-8")
    _one_error_line(run_cli("build", str(small), "--out", str(tmp_path / "o"), "--taxonomy", str(bad)), 3, str(bad))
    bad.write_bytes(b"\xff\xfe\x00garbage")
    _one_error_line(run_cli("build", str(small), "--out", str(tmp_path / "o"), "--taxonomy", str(bad)), 3, str(bad))
    _one_error_line(run_cli("build", str(small), "--out", str(tmp_path / "o"), "--taxonomy", str(tmp_path / "none.toml")), 3, "none.toml", "not found")


def test_broken_template(small: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "audiences").mkdir(parents=True)
    (templates / "audiences" / "principal.md.j2").write_text('{% extends "base.md.j2" %}\n{% block x %}{% for a in %}{% endblock %}\n', encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("build", str(small), "--out", str(out), "--templates", str(templates), "--audience", "principal", "--jobs", "1")
    _one_error_line(done, 4, "principal.md.j2", "syntax error")
    assert not (out / "brief.json").exists()
    (templates / "audiences" / "principal.md.j2").write_text("# {{ no_such.name }}\n", encoding="utf-8")
    done = run_cli("build", str(small), "--out", str(out), "--templates", str(templates), "--audience", "principal", "--jobs", "1")
    _one_error_line(done, 4, "principal.md.j2", "undefined")
    done = run_cli("build", str(small), "--out", str(out), "--templates", str(tmp_path / "nowhere"))
    _one_error_line(done, 3, "--templates", "not a folder")


def test_no_usable_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    _one_error_line(run_cli("build", str(empty), "--out", str(tmp_path / "o")), 2, str(empty), "no articles")
    _one_error_line(run_cli("build", str(tmp_path / "missing"), "--out", str(tmp_path / "o")), 2, "missing")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"")
    (bad / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    done = run_cli("build", str(bad), "--out", str(tmp_path / "o"))
    line = _one_error_line(done, 2, str(bad), "no readable article")
    # Why each file was set aside comes first, one line each.
    assert done.stderr.splitlines() == [f"skipped {bad}/a.txt: empty file", f"skipped {bad}/b.txt: binary file (a PNG image), not text", line]


def test_bad_options(small: Path, tmp_path: Path) -> None:
    o = str(tmp_path / "o")
    _one_error_line(run_cli("build", str(small), "--out", o, "--audience", "board"), 3, "--audience board")
    _one_error_line(run_cli("build", str(small), "--out", o, "--date", "2024-02-30"), 3, "--date 2024-02-30")
    _one_error_line(run_cli("build", str(small), "--out", o, "--paper", "A5"), 3, "--paper A5")
    _one_error_line(run_cli("build", str(small), "--out", o, "--week", "2024-W99"), 3, "--week")
    _one_error_line(run_cli("build", str(small), "--out", str(small)), 3, "--out", "input folder")


def test_unusable_reference_document(small: Path, tmp_path: Path) -> None:
    ref = tmp_path / "house.docx"
    ref.write_text("not a docx")
    done = run_cli("build", str(small), "--out", str(tmp_path / "o"), "--reference-doc", str(ref), "--audience", "principal", "--jobs", "1")
    _one_error_line(done, 5, str(ref))


def test_an_internal_bug_is_one_line_with_code_70(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from briefing import pipeline
    from briefing.cli import app

    def broken(*a: object, **k: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(pipeline, "build", broken)
    result = CliRunner().invoke(app, ["build", str(small), "--out", str(tmp_path / "o")])
    assert result.exit_code == 70
    assert result.output.strip() == "briefing: internal error (RuntimeError: boom second line); please report it"


def test_outputs_inside_the_input_folder_are_not_read_back(small: Path) -> None:
    out = small / "out"
    first = run_cli("build", str(small), "--out", str(out), "--audience", "press", "--date", AS_OF, "--jobs", "1", "-q")
    assert first.returncode == 0, first.stderr
    second = run_cli("build", str(small), "--out", str(out), "--audience", "press", "--date", AS_OF, "--jobs", "1", "-q")
    assert second.returncode == 0, second.stderr
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert [a["source"] for a in data["articles"] if not a["parent"]] == [f"{small}/article.txt"]


# ---------------------------------------------------------------- interrupting
def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(text.replace("Blinken", f"Blinken{i}"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupt_stops_workers_and_leaves_outputs(tmp_path: Path, sig: signal.Signals) -> None:
    folder = _corpus(tmp_path / "in", 40)
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.json").write_text("previous")
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", str(folder), "--out", str(out), "--jobs", "2", "--audience", "press"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True,
    )
    # Wait until the pool is up (the build has children), then interrupt the whole group
    # as a terminal's Ctrl-C would.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _children(proc.pid):
        time.sleep(0.05)
    assert _children(proc.pid), "the build never started its worker processes"
    time.sleep(0.3)
    os.killpg(proc.pid, sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.strip().splitlines() == ["briefing: interrupted; previous outputs left as they were"]
    assert (out / "brief.json").read_text() == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["brief.json"]
    time.sleep(0.2)
    assert not _group_alive(proc.pid), "worker processes outlived the build"


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


# ---------------------------------------------------------------- progress and summary
def test_summary_line_matches_the_brief(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "weather.txt").write_text("Title: Weather\n\nSunny with light winds on Tuesday; rain on Wednesday.\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("build", str(folder), "--out", str(out), "--audience", "press", "--date", AS_OF, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    top = [a for a in data["articles"] if not a["parent"]]
    appended = [a for a in data["articles"] if a["parent"]]
    count = lambda rows, status: sum(a["status"] == status for a in rows)  # noqa: E731
    files = sorted(p.name for p in out.iterdir())
    assert files == ["brief.docx", "brief.json", "brief.pdf", "press.docx", "press.md", "press.pdf"]
    sections = sum(1 for s in data["sections"] if s["points"] or s["quotes"])
    expected = (
        f"{count(top, 'used')} articles used, {count(top, 'off_topic')} off-topic, {count(top, 'skipped')} skipped"
        + (f" (+ {len(appended)} appended stories: {count(appended, 'used')} used, {count(appended, 'off_topic')} off-topic)" if appended else "")
        + f"; {sections} sections; {len(data['quotes'])} quotes; {len(files)} files written"
    )
    assert done.stdout.strip().splitlines()[-1] == expected
    assert count(top, "used") == 5 and count(top, "off_topic") == 1 and count(top, "skipped") == 1
    # stdout lists exactly the files written; no progress bar when stderr is not a terminal.
    listed = [ln.strip() for ln in done.stdout.splitlines() if ln.startswith("  ")]
    assert listed == [str(out / f) for f in files]
    assert done.stderr.strip() == f"skipped {folder}/empty.txt: empty file"


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(small: Path, tmp_path: Path) -> None:
    import pty

    def stderr_on_tty(*extra: str) -> str:
        master, slave = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefing", "build", str(small), "--out", str(tmp_path / "o"), "--audience", "press", "--jobs", "1", *extra],
            stdout=subprocess.PIPE, stderr=slave, cwd=ROOT, env=dict(os.environ, COLUMNS="120", TERM="xterm"),
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=120)
        os.close(master)
        assert proc.returncode == 0
        return b"".join(chunks).decode("utf-8", "replace")

    shown = stderr_on_tty()
    assert "Analysing" in shown and "Rendering" in shown and "Traceback" not in shown
    assert stderr_on_tty("--quiet").strip() == ""


def test_the_process_pool_gives_the_same_brief_as_one_process(tmp_path: Path) -> None:
    """Enough files for the pool (>= POOL_THRESHOLD): --jobs 2 and --jobs 1 agree byte
    for byte, so `analyse_document` is pure and results come back in order."""
    from briefing.pipeline import POOL_THRESHOLD

    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(POOL_THRESHOLD + 2):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"{i:02d}.txt").write_text(text.replace("Blinken", ["Blinken", "Sullivan", "Austin"][i % 3]), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        done = run_cli("build", str(folder), "--out", str(out), "--audience", "press", "--date", AS_OF, "--jobs", jobs, "-q")
        assert done.returncode == 0, done.stderr
        outs.append((out / "brief.json").read_bytes())
    assert outs[0] == outs[1]
