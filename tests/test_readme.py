"""The README cannot drift: its commands are the ones CI and newcomers run, and its
customization example runs here as written."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from seedkit import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"```\n(.*?)```", text, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = next(b.strip() for b in _code_blocks(README) if "pytest" in b and "pip install" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_readme_build_command_builds_from_seeds_into_out() -> None:
    build = next(b.strip() for b in _code_blocks(README) if "briefing build seeds" in b and "pip install" in b)
    assert build.endswith("briefing build seeds --out out")


def test_customize_example_runs(tmp_path: Path) -> None:
    """The worked example: a new audience dropped in as a file, no Python."""
    from pypdf import PdfReader

    example = README.split("<!-- customize-example -->", 1)[1]
    script = _code_blocks(example)[0]
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    # A fresh shell: the environment the README's first command made, not on PATH.
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    env = dict(os.environ)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "out" / "board" / "board.pdf"
    assert (tmp_path / "out" / "board" / "board.docx").exists()
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "TLP:AMBER" in text and "Board brief" in text
    def titles(items: list) -> list[str]:
        return [t for item in items for t in (titles(item) if isinstance(item, list) else [item.title])]

    outline = titles(reader.outline)
    taiwan = next(i for i, t in enumerate(outline) if t == "Taiwan")
    trade = next(i for i, t in enumerate(outline) if t.startswith("Trade"))
    assert taiwan < trade
    assert not any(t.startswith(("Russia", "South China Sea", "Who's who")) for t in outline)
