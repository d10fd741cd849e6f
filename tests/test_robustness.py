"""Bad articles through the real command line: each is skipped (or used, when it can be
read) with ONE line naming the file and the problem, listed in brief.json, and the build
still succeeds. Never a traceback.

One build over a folder holding every kind of bad input next to a good article keeps this
fast; each test then checks its own file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from seedkit import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_80314923cb317ff3.txt"
AS_OF = "2024-04-30"




def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(range(256))[: 3 * 16] for _ in range(16))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


# name -> bytes of every bad input (besides the folder-level ones made below)
def _bad_files() -> dict[str, bytes]:
    seed = _seed()
    body = seed.split("\n", 1)[1]
    paras = [p for p in body.split("\n") if p.strip()]
    files: dict[str, bytes] = {}
    files["empty.txt"] = b""
    files["blank.md"] = b"   \n\n\t \n"
    files["image.txt"] = _png()
    utf8 = seed.encode("utf-8")
    files["invalid_utf8.txt"] = utf8[:1500] + b"\xff\xfe\xc3\x28\x80" + utf8[1500:]
    files["utf16_bom.txt"] = "Title: Taiwan talks in UTF-16 — “quoted”\n\n".encode("utf-16") + body.encode("utf-16-le")
    cp = "Title: Café diplomacy – Taiwan “talks”\n\n" + body.replace("’", "'").replace("‘", "'")
    files["cp1252.txt"] = cp.encode("cp1252", errors="replace")
    files["no_article.html"] = (
        b"<!doctype html><html><head><title>Sign in</title></head><body><nav><a href='/'>Home</a>"
        b"<a href='/login'>Log in</a></nav><form><input name=q><button>Search</button></form>"
        b"<footer>&copy; 2024</footer></body></html>"
    )
    files["deeply_nested.html"] = (
        b"<html><body>" + b"<div><span>" * 30000 + b"China and the US" + b"</span></div>" * 30000 + b"</body></html>"
    )
    odd = [
        'He said "the talks were over.',
        "She replied “no deal” and then ”backwards“ and “never closed.",
        "Officials called it ‘a step’ while ’others‘ disagreed \"\"\" ''' « non » „ja“ ‹x›.",
        '"""',
        "“",
    ]
    files["unbalanced_quotes.txt"] = ("Title: Quote marks everywhere\n\n" + "\n\n".join(
        p + " " + odd[i % len(odd)] for i, p in enumerate(paras)
    )).encode("utf-8")
    markup = " <b>bold</b> & &amp; &lt;x&gt; {{ config }} {% for x in range(10**9) %} *star* _under_ # hash ## [x](y) [js](javascript:alert(1)) ![img](http://e/x.png) `code` <script>alert(1)</script> | a | b | \\ ~~s~~"
    files["markup.txt"] = ("Title: <b>Markup</b> & {{ title }} # [x](y)\n\n" + "\n\n".join(
        p + markup for p in paras
    ) + "\n\n---\n\n> quoted block\n\n# heading\n\n1. list\n").encode("utf-8")
    rtl_cjk = (
        "Title: الصين والولايات المتحدة 中美关系\n\n"
        + "قال وزير الخارجية الأمريكي أنتوني بلينكن إن \"العلاقات مع الصين متوترة\" في بكين يوم الاثنين.\n"
        + "中国外交部发言人表示：“中美关系面临挑战。”美国国务卿布林肯访问北京。\n"
        + "עברית: ‏שר החוץ‎ Blinken said China and the US must talk about Taiwan.\n"
        + "\n".join(paras[:4]) + "\n"
        + "\u202eRTL override\u202c mixed \u200f marks \u200e and ZWJ \u200d.\n"
    ) * 3
    files["rtl_cjk.txt"] = rtl_cjk.encode("utf-8")
    return files


BIG = "big.txt"
UNREADABLE = "unreadable.txt"


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("bad_in")
    (folder / "good.txt").write_text(_seed(), encoding="utf-8")
    for name, blob in _bad_files().items():
        (folder / name).write_bytes(blob)
    # 50 MB of text: refused by size, without being read into memory.
    with open(folder / BIG, "wb") as fh:
        block = (_seed() + "\n").encode("utf-8")
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(block)
    # A symlink loop: a sub-folder linking back to its parent, and to itself.
    (folder / "loop").mkdir()
    (folder / "loop" / "inner.txt").write_text(_seed().replace("Blinken", "Sullivan"), encoding="utf-8")
    (folder / "loop" / "parent").symlink_to("..")
    (folder / "loop" / "self").symlink_to(".")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    unreadable = folder / UNREADABLE
    unreadable.write_text(_seed(), encoding="utf-8")
    unreadable.chmod(0)
    out = tmp_path_factory.mktemp("bad_out")
    done = run_cli("build", str(folder), "--out", str(out), "--audience", "principal", "--date", AS_OF, "--jobs", "1")
    unreadable.chmod(0o644)
    data = json.loads((out / "brief.json").read_text(encoding="utf-8")) if (out / "brief.json").exists() else None
    # Sources are paths as given (the folder, then the path inside it); key by the latter.
    by_source = {_rel(a["source"], folder): a for a in data["articles"]} if data else {}
    return {"done": done, "data": data, "articles": by_source, "out": out, "folder": folder}


def _rel(source: str, folder: Path) -> str:
    return Path(source).relative_to(folder).as_posix() if Path(source).is_absolute() else source


def _stderr_lines(bad_build: dict[str, Any]) -> list[str]:
    return [ln for ln in bad_build["done"].stderr.splitlines() if ln.strip()]


def test_the_build_succeeds_without_a_traceback(bad_build: dict[str, Any]) -> None:
    done = bad_build["done"]
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert bad_build["articles"]["good.txt"]["status"] == "used"


def test_every_stderr_line_names_one_skipped_file(bad_build: dict[str, Any]) -> None:
    skipped = {s for s, a in bad_build["articles"].items() if a["status"] == "skipped"}
    lines = _stderr_lines(bad_build)
    assert len(lines) == len(skipped)
    for line in lines:
        assert line.startswith("skipped ")
        source, _, reason = line[len("skipped ") :].partition(": ")
        source = _rel(source, bad_build["folder"])
        assert source in skipped and reason == bad_build["articles"][source]["reason"]


def _skipped(bad_build: dict[str, Any], name: str, *words: str) -> None:
    a = bad_build["articles"][name]
    assert a["status"] == "skipped", a
    assert a["reason"] and "\n" not in a["reason"]
    assert any(w in a["reason"].lower() for w in words), a["reason"]
    assert f"skipped {a['source']}: {a['reason']}" in _stderr_lines(bad_build)
    assert a["source"].endswith(name)


def test_empty_file_is_skipped(bad_build: dict[str, Any]) -> None:
    _skipped(bad_build, "empty.txt", "empty")
    _skipped(bad_build, "blank.md", "empty", "whitespace")


def test_binary_file_renamed_txt_is_skipped(bad_build: dict[str, Any]) -> None:
    _skipped(bad_build, "image.txt", "png", "binary")


def test_fifty_megabyte_text_file_is_skipped_by_size(bad_build: dict[str, Any]) -> None:
    _skipped(bad_build, BIG, "mb")


def test_html_page_without_an_article_is_skipped(bad_build: dict[str, Any]) -> None:
    _skipped(bad_build, "no_article.html", "no article")


def test_deeply_nested_html_does_not_crash(bad_build: dict[str, Any]) -> None:
    a = bad_build["articles"]["deeply_nested.html"]
    assert a["status"] in ("skipped", "off_topic", "used")
    assert a["status"] == "used" or (a["reason"] and "\n" not in a["reason"])


def test_invalid_utf8_is_read_by_its_best_decoding(bad_build: dict[str, Any]) -> None:
    a = bad_build["articles"]["invalid_utf8.txt"]
    assert a["status"] == "used", a


def test_utf16_with_bom_is_decoded(bad_build: dict[str, Any]) -> None:
    a = bad_build["articles"]["utf16_bom.txt"]
    assert a["status"] == "used", a
    assert a["title"] == "Taiwan talks in UTF-16 — “quoted”"


def test_cp1252_is_decoded(bad_build: dict[str, Any]) -> None:
    a = bad_build["articles"]["cp1252.txt"]
    assert a["status"] == "used", a
    assert a["title"] == "Café diplomacy – Taiwan “talks”"


def test_unbalanced_quote_marks_give_verbatim_quotes(bad_build: dict[str, Any]) -> None:
    from briefing.read.ingest import read_documents

    a = bad_build["articles"]["unbalanced_quotes.txt"]
    assert a["status"] == "used", a
    texts = {}
    for art in bad_build["data"]["articles"]:
        if art["status"] == "used" and not art["parent"]:
            texts[art["id"]] = read_documents(Path(art["source"]), art["source"])[0].text
    assert bad_build["data"]["quotes"]
    for q in bad_build["data"]["quotes"]:
        text = texts[q["article"].split(".")[0]]
        assert text[q["start"] : q["end"]] == q["text"]


def test_markup_in_text_stays_text(bad_build: dict[str, Any]) -> None:
    a = bad_build["articles"]["markup.txt"]
    assert a["status"] in ("used", "off_topic"), a
    md = (bad_build["out"] / "principal.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "javascript:" not in md


def test_rtl_and_cjk_text_does_not_crash(bad_build: dict[str, Any]) -> None:
    a = bad_build["articles"]["rtl_cjk.txt"]
    assert a["status"] in ("used", "off_topic"), a
    assert a["title"] == "الصين والولايات المتحدة 中美关系"


def test_symlink_loop_is_read_once(bad_build: dict[str, Any]) -> None:
    sources = list(bad_build["articles"])
    inner = [s for s in sources if s.endswith("inner.txt")]
    assert inner == ["loop/inner.txt"]
    assert sources.count("good.txt") == 1
    _skipped(bad_build, "dangling.txt", "broken", "link", "not found")


def test_unreadable_file_is_skipped(bad_build: dict[str, Any]) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading the file")
    _skipped(bad_build, UNREADABLE, "permission")


def test_every_output_opens(bad_build: dict[str, Any]) -> None:
    import io

    import docx
    from pypdf import PdfReader

    out = bad_build["out"]
    assert PdfReader(io.BytesIO((out / "principal.pdf").read_bytes())).pages
    assert docx.Document(str(out / "principal.docx")).paragraphs


def test_a_folder_of_thousands_of_files(tmp_path: Path) -> None:
    """2,500 files: short off-topic notes, empty files, files of other types, and one
    real article; in the process pool. Every file is listed exactly once."""
    folder = tmp_path / "in"
    for sub in range(5):
        (folder / f"day{sub}").mkdir(parents=True)
    (folder / "day0" / "real.txt").write_text(_seed(), encoding="utf-8")
    n = 0
    for i in range(1200):
        (folder / f"day{i % 5}" / f"note{i:04d}.txt").write_text(
            f"Title: Council note {i}\n\nThe council met on Tuesday {i} and approved the road budget.\n", encoding="utf-8"
        )
        n += 1
    for i in range(800):
        (folder / f"day{i % 5}" / f"empty{i:04d}.txt").write_bytes(b"")
        n += 1
    for i in range(499):
        (folder / f"day{i % 5}" / f"photo{i:04d}.jpg").write_bytes(b"\xff\xd8\xff\xe0")
        n += 1
    n += 1
    out = tmp_path / "out"
    done = run_cli("build", str(folder), "--out", str(out), "--audience", "press", "--date", AS_OF, "--jobs", "2", "--quiet")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    top = [a for a in data["articles"] if not a["parent"]]
    assert len(top) == n == 2500
    assert len({a["id"] for a in data["articles"]}) == len(data["articles"])
    assert sum(a["status"] == "skipped" for a in top) == 1299
    assert len([ln for ln in done.stderr.splitlines() if ln.startswith("skipped ")]) == 1299
    summary = done.stdout.strip().splitlines()[-1]
    assert summary.startswith("1 articles used, 1200 off-topic, 1299 skipped")


def test_invalid_utf8_keeps_its_valid_characters(bad_build: dict[str, Any]) -> None:
    a = bad_build["articles"]["invalid_utf8.txt"]
    assert a["title"] == bad_build["articles"]["good.txt"]["title"]
