"""Hostile inputs: time and peak memory of each attack shape, one fresh process per case.

Each case builds its input in a temporary folder (nothing is stored), runs the stage the
attack aims at, and prints one row: the stage's wall time (making the input is not
counted), the process's peak resident memory (that does count it), and
the outcome (what the tool said, or that the case ran past its time cap). The first row,
`seeds`, is the five seed articles read, analysed and assembled: the other input cases
run the same folder with their file added, so their cost on top of it is the difference.

    python benchmarks/hostile.py                 # every case, 60 s cap each
    python benchmarks/hostile.py --cap 20 docx-bomb quotes-unbalanced
    python benchmarks/hostile.py --list

Cases run under an address-space limit (`--memory`, default 4 GB) so that an attack
which allocates gigabytes ends in MemoryError instead of taking the machine with it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARIFF = "\u201cTariffs on China will rise,\u201d said US Trade Representative Katherine Tai in Washington. "
OPENING = (
    "Title: Trade talks\nDate: 2024-04-29\nSource: Example Wire\n\n"
    "US and Chinese officials met in Beijing on Monday to discuss tariffs and export controls, "
    "and the US side said China must do more on fentanyl.\n\n"
)


# ---------------------------------------------------------------- inputs
def _seeds(folder: Path) -> Path:
    shutil.copytree(ROOT / "seeds", folder / "in")
    return folder / "in"


# Seconds of the stage under attack (set by `_stage`), apart from making its input.
STAGE: dict[str, float] = {}


def _stage(fn: Callable[[], object]) -> object:
    started = time.perf_counter()
    try:
        return fn()
    finally:
        STAGE["seconds"] = time.perf_counter() - started


def _analyse(folder: Path) -> str:
    from briefing.config import load_taxonomy
    from briefing.pipeline import BuildOptions, analyse_folder

    options = BuildOptions(input_dir=folder, out_dir=folder.parent / "out", jobs=1)
    taxonomy = load_taxonomy()
    brief, _ = _stage(lambda: analyse_folder(options, taxonomy))  # type: ignore[misc]
    seeds = {p.name for p in (ROOT / "seeds").iterdir()}
    # the case's own file (set aside or used) and anything skipped
    own = [f"{Path(a.source).name}: {a.status}" + (f" ({a.reason})" if a.reason else "")
           for a in brief.articles if Path(a.source).name not in seeds and not getattr(a, "parent", None)]
    skipped = [f"{a.source}: {a.reason}" for a in brief.articles if a.status == "skipped" and Path(a.source).name in seeds]
    return f"{len(brief.quotes)} quotes; " + "; ".join(own + skipped or ["nothing skipped"])


def case_seeds(tmp: Path) -> str:
    return _analyse(_seeds(tmp))


def case_quotes_paragraph(tmp: Path) -> str:
    """Failure 1: one paragraph of 1,000 attributed quotes (92 kB)."""
    folder = _seeds(tmp)
    (folder / "tariffs.txt").write_text(OPENING + TARIFF * 1000 + "\n", encoding="utf-8")
    return _analyse(folder)


def case_quotes_unbalanced(tmp: Path) -> str:
    """Failure 3: an on-topic article ending in 500,000 unpaired marks (1.5 MB)."""
    folder = _seeds(tmp)
    (folder / "marks.txt").write_text(OPENING + "The minister said " + '"a ' * 500_000 + "\n", encoding="utf-8")
    return _analyse(folder)


def case_quotes_2000(tmp: Path) -> str:
    """One paragraph of 2,000 attributed quotes (184 kB): what one article costs the
    corpus-wide stage (assembly, dedupe, timeline, ranking) as well as its worker."""
    folder = _seeds(tmp)
    (folder / "tariffs.txt").write_text(OPENING + TARIFF * 2000 + "\n", encoding="utf-8")
    return _analyse(folder)


def case_paragraphs_50k(tmp: Path) -> str:
    """50,000 one-line paragraphs, each on topic."""
    folder = _seeds(tmp)
    lines = "".join(f"US tariffs on Chinese steel rose in round {i} of the trade talks.\n\n" for i in range(50_000))
    (folder / "lines.txt").write_text(OPENING + lines, encoding="utf-8")
    return _analyse(folder)


def case_dates_100k(tmp: Path) -> str:
    """100,000 dates (timeline candidates) in one on-topic article, 20 to a paragraph."""
    folder = _seeds(tmp)
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    sentences = [f"On {months[i % 12]} {i % 28 + 1}, {2000 + i % 24}, tariffs rose." for i in range(100_000)]
    body = "\n\n".join(" ".join(sentences[i : i + 20]) for i in range(0, len(sentences), 20))
    (folder / "dates.txt").write_text(OPENING + body + "\n", encoding="utf-8")
    return _analyse(folder)


def case_sentences_100k(tmp: Path) -> str:
    """100,000 short on-topic sentences in a single paragraph."""
    folder = _seeds(tmp)
    (folder / "run.txt").write_text(OPENING + "China raised tariffs on US soybeans. " * 100_000 + "\n", encoding="utf-8")
    return _analyse(folder)


def case_extract_unbalanced(tmp: Path) -> str:
    """Failure 3, the extractor alone: microseconds per character."""
    from briefing.analyse.quotes import extract_quotes

    text = "The minister said " + '"a ' * 500_000
    quotes = _stage(lambda: extract_quotes(text))
    per_char = STAGE["seconds"] / len(text) * 1e6
    return f"{len(quotes)} quotes, {per_char:.2f} us/char"  # type: ignore[arg-type]


def case_feed_utf32(tmp: Path) -> str:
    """Failure 4: a UTF-32 feed declaring (and expanding) entities."""
    from briefing.read.ingest import read_documents

    xml = (
        '<?xml version="1.0" encoding="UTF-32"?>\n<!DOCTYPE rss [<!ENTITY a "' + "ha" * 50 + '">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<rss><channel><title>T</title><item><title>x</title><description>"
        + "&b;" * 30
        + "</description></item></channel></rss>"
    )
    path = tmp / "feed.xml"
    path.write_bytes(xml.encode("utf-32"))
    return _read(read_documents, path)


def _read(reader: Callable[..., object], path: Path) -> str:
    from briefing.errors import InputError

    try:
        docs = _stage(lambda: reader(path, path.name))
    except InputError as err:
        return f"refused: {err}"
    return f"read: {sum(len(d.text) for d in docs)} characters"  # type: ignore[attr-defined]


def _docx(path: Path, body: bytes | Callable[[zipfile.ZipFile], None]) -> None:
    from docx import Document

    Document().save(str(path))
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "word/document.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
        if callable(body):
            body(z)
        else:
            z.writestr("word/document.xml", body)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def case_docx_bomb(tmp: Path) -> str:
    """Failure 5: a DOCX whose document part inflates to 1 GB (about 1 MB on disk)."""
    from briefing.read.ingest import read_documents

    def bomb(z: zipfile.ZipFile) -> None:
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f"<w:document {_W}><w:body><w:p><w:r><w:t>".encode())
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")

    path = tmp / "bomb.docx"
    _docx(path, bomb)
    return f"{path.stat().st_size // 1024} kB file; " + _read(read_documents, path)


def case_docx_paragraphs(tmp: Path) -> str:
    """Failure 5: 100,000 one-line paragraphs."""
    from briefing.read.ingest import read_documents

    paras = "".join(f"<w:p><w:r><w:t>Line {i} of the trade talks.</w:t></w:r></w:p>" for i in range(100_000))
    path = tmp / "lines.docx"
    _docx(path, f"<w:document {_W}><w:body>{paras}</w:body></w:document>".encode())
    return f"{path.stat().st_size // 1024} kB file; " + _read(read_documents, path)


def case_links_out(tmp: Path) -> str:
    """Failure 6: a file link and a folder link leading out of the input folder."""
    from briefing.read.ingest import discover

    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Title: Secret\n\nNot part of the corpus at all, never.\n", encoding="utf-8")
    folder = tmp / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(OPENING, encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "etc").symlink_to(outside, target_is_directory=True)
    found, skipped = _stage(lambda: discover(folder))  # type: ignore[misc]
    return f"{len(found)} found; " + "; ".join(f"{Path(s.source).name}: {s.reason}" for s in skipped)


def case_special_files(tmp: Path) -> str:
    """Failure 7: a FIFO named x.txt and a link to a character device."""
    from briefing.read.ingest import discover

    folder = tmp / "in"
    folder.mkdir()
    os.mkfifo(folder / "x.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    found, skipped = _stage(lambda: discover(folder))  # type: ignore[misc]
    return f"{len(found)} found; " + "; ".join(f"{Path(s.source).name}: {s.reason}" for s in skipped)


def _template(tmp: Path, body: str) -> str:
    from briefing.errors import TemplateError
    from briefing.write.layout import make_environment, render_markdown

    (tmp / "tpl" / "audiences").mkdir(parents=True, exist_ok=True)
    (tmp / "tpl" / "audiences" / "hostile.md.j2").write_text(body, encoding="utf-8")
    try:
        out = _stage(lambda: render_markdown(make_environment(tmp / "tpl"), "hostile", {"helper": _template}))
    except TemplateError as err:
        return f"refused: {err}"
    return f"rendered {len(out)} characters: {out[:60]!r}"


def case_template_symlink(tmp: Path) -> str:
    """Failure 2: a link in the template folder to a folder outside it, included."""
    outside = tmp / "private"
    outside.mkdir()
    (outside / "shadow").write_text("root:SECRET:19000:0:99999:7:::\n", encoding="utf-8")
    (tmp / "tpl").mkdir()
    (tmp / "tpl" / "etc").symlink_to(outside, target_is_directory=True)
    return _template(tmp, "{% include 'etc/shadow' %}")


def case_template_center(tmp: Path) -> str:
    return _template(tmp, "{{ 'x'|center(4000000000) }}")


def case_template_format_method(tmp: Path) -> str:
    return _template(tmp, "{{ '{:>3000000000}'.format('x') }}")


def case_template_percent(tmp: Path) -> str:
    return _template(tmp, "{{ '%3000000000s'|format('x') }}")


def case_template_namespace(tmp: Path) -> str:
    """String doubling in a loop: each step passes any per-operation check."""
    return _template(tmp, "{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}")


def case_template_repr(tmp: Path) -> str:
    """Failure 10: an object's repr (a memory address) printed into the output."""
    return _template(tmp, "{{ '%s'|format(lipsum) }} {{ lipsum }}")


def case_template_repr_concat(tmp: Path) -> str:
    """An object's repr reached by concatenation, which no filter sees."""
    return _template(tmp, "{{ '' ~ helper }}")


def case_taxonomy_huge(tmp: Path) -> str:
    """Failure 10: a 47 MB taxonomy of 4 million terms."""
    from briefing.config import load_taxonomy
    from briefing.errors import ConfigError

    shipped = (ROOT / "templates" / "taxonomy.toml").read_text(encoding="utf-8")
    terms = ", ".join(f'"term{i:07d}"' for i in range(4_000_000))
    path = tmp / "taxonomy.toml"
    path.write_text(shipped + f'\n[[sections]]\nid = "huge"\ntitle = "Huge"\n[[sections.rules]]\nid = "all"\nterms = [{terms}]\n', encoding="utf-8")
    try:
        tax = _stage(lambda: load_taxonomy(path))
    except ConfigError as err:
        return f"refused: {str(err)[-90:]}"
    return f"loaded: {len(tax.sections)} sections"


CASES: dict[str, Callable[[Path], str]] = {
    name[5:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("case_")
}


# ---------------------------------------------------------------- driver
def _run_one(name: str, memory: int) -> None:
    """In the child: run one case, print its row as JSON."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        try:
            outcome = CASES[name](Path(tmp))
        except MemoryError:
            outcome = "MemoryError (address-space cap reached)"
        except Exception as err:  # noqa: BLE001 - a benchmark row, not a crash
            outcome = f"raised {type(err).__name__}: {' '.join(str(err).split())[:80]}"
        seconds = STAGE.get("seconds", time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cases", nargs="*", help="case names (default: all)")
    ap.add_argument("--cap", type=float, default=60.0, help="seconds before a case is stopped (default 60)")
    ap.add_argument("--memory", type=float, default=4.0, help="address-space limit per case, GB (default 4)")
    ap.add_argument("--list", action="store_true", help="list the cases")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    memory = int(args.memory * 1024**3)
    if args.child:
        _run_one(args.child, memory)
        return 0
    if args.list:
        print("\n".join(CASES))
        return 0
    names = args.cases or list(CASES)
    print(f"{'case':<22} {'seconds':>8} {'peak MB':>8}  outcome")
    for name in names:
        if name not in CASES:
            print(f"unknown case {name!r}; --list names them", file=sys.stderr)
            return 2
        cmd = [sys.executable, __file__, "--child", name, "--memory", str(args.memory)]
        started = time.perf_counter()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.cap)
            row = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
        except subprocess.TimeoutExpired:
            row = {"seconds": time.perf_counter() - started, "peak_mb": float("nan"), "outcome": f"stopped after the {args.cap:g} s cap"}
        if row is None:
            tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            row = {"seconds": time.perf_counter() - started, "peak_mb": float("nan"), "outcome": f"exit {done.returncode}: {tail[:80]}"}
        print(f"{name:<22} {row['seconds']:>8.2f} {row['peak_mb']:>8.0f}  {' '.join(row['outcome'].split())[:150]}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
