"""Installs like any Python tool: the shipped templates, taxonomy, styles and fonts are
package data, found through importlib.resources; `briefing init` copies every editable
file; the command line has the usual manners. (`.ci/run` builds the wheel, installs it
into a fresh environment outside the tree and builds the seeds from an empty folder.)"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from seedkit import ROOT, run_cli

from briefing import config

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def _source_dir(package: str) -> Path:
    mapped = SETUPTOOLS.get("package-dir", {})
    for prefix in sorted(mapped, key=len, reverse=True):
        if package == prefix or package.startswith(prefix + "."):
            return ROOT / mapped[prefix] / Path(*package[len(prefix) + 1 :].split(".") if package != prefix else ())
    return ROOT / Path(*package.split("."))


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    listed = set(SETUPTOOLS["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "briefing").rglob("*.py")}
    assert found <= listed, sorted(found - listed)


def _is_data(path: Path) -> bool:
    return path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts


@pytest.mark.parametrize("package", ["briefing.data", "briefing.data.fonts", "briefing.templates",
                                     "briefing.templates.audiences", "briefing.templates.styles"])  # fmt: skip
def test_every_shipped_file_is_package_data(package: str) -> None:
    folder = _source_dir(package)
    patterns = SETUPTOOLS["package-data"].get(package, [])
    files = [p for p in folder.iterdir() if _is_data(p)]
    assert files
    for path in files:
        assert any(fnmatch.fnmatch(path.name, pat) for pat in patterns), (package, path.name)


def test_shipped_templates_are_found_through_the_package() -> None:
    assert (config.TEMPLATES_DIR / "taxonomy.toml").is_file()
    assert (config.TEMPLATES_DIR / "__init__.py").is_file()  # the package briefing.templates
    names = [name for name, _ in config.shipped_files()]
    on_disk = sorted(p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if _is_data(p))
    assert names == on_disk
    assert {"taxonomy.toml", "base.md.j2", "styles/reference.docx", "styles/pdf.toml"} <= set(names)


def test_init_writes_every_editable_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "tpl"
    done = run_cli("init", str(target))
    assert done.returncode == 0, done.stderr
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert written == [name for name, _ in config.shipped_files()]
    assert (target / "styles" / "reference.docx").read_bytes() == (config.TEMPLATES_DIR / "styles" / "reference.docx").read_bytes()
    assert done.stdout.startswith(f"Wrote {len(written)} files to {target}/")
    (target / "taxonomy.toml").write_text("# edited\n", encoding="utf-8")
    again = run_cli("init", str(target))
    assert again.returncode == 6 and "exists (use --force to overwrite)" in again.stderr
    assert (target / "taxonomy.toml").read_text(encoding="utf-8") == "# edited\n"
    assert run_cli("init", str(target), "--force").returncode == 0
    assert (target / "taxonomy.toml").read_bytes() == (config.TEMPLATES_DIR / "taxonomy.toml").read_bytes()


def test_init_into_a_file_is_one_error_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_cli("init", str(blocker))
    assert done.returncode == 6 and done.stderr.strip() == f"briefing: {blocker}: exists and is not a folder"


SHIPPED_AUDIENCES = sorted(p.name.removesuffix(".md.j2") for p in (config.TEMPLATES_DIR / "audiences").glob("*.md.j2"))


def test_version_help_and_audiences() -> None:
    from importlib.metadata import version

    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"briefing {version('briefing')}"
    for command in ([], ["build"], ["init"], ["inspect"], ["explain"], ["audiences"]):
        for flag in ("-h", "--help"):
            shown = run_cli(*command, flag)
            assert shown.returncode == 0, (command, flag, shown.stderr)
            assert "Usage: " in shown.stdout and "<bool>" not in shown.stdout
    build_help = run_cli("build", "-h").stdout
    assert "-q, --quiet" in build_help and ", ".join(SHIPPED_AUDIENCES) in " ".join(build_help.split())
    listed = run_cli("audiences")
    assert listed.returncode == 0 and listed.stdout.split() == SHIPPED_AUDIENCES


def test_audiences_of_a_templates_folder(tmp_path: Path) -> None:
    (tmp_path / "audiences").mkdir()
    (tmp_path / "audiences" / "board.md.j2").write_text('{% extends "base.md.j2" %}\n', encoding="utf-8")
    listed = run_cli("audiences", "--templates", str(tmp_path))
    assert listed.stdout.split() == sorted([*SHIPPED_AUDIENCES, "board"])
    missing = run_cli("audiences", "--templates", str(tmp_path / "nowhere"))
    assert missing.returncode == 3 and "not a folder" in missing.stderr
