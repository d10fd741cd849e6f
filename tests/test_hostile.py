"""Hostile input, one named regression test per failure found by attacking the tool.

Each builds the smallest input that showed the failure, in the test, and asserts what
must happen now and why (the reason the user reads). What these cases cost in time and
memory is measured by `benchmarks/hostile.py`, not here.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.errors import ConfigError, InputError, TemplateError
from briefing.read import ingest

ROOT = Path(__file__).resolve().parent.parent
TARIFF = "“Tariffs on China will rise,” said US Trade Representative Katherine Tai in Washington. "
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# ---------------------------------------------------------------- 1. quotes in one paragraph
def test_1_a_paragraph_of_many_quotes_is_filed_once_per_quote_span() -> None:
    from briefing.analyse.article import analyse_document
    from briefing.analyse.clean import load_rules
    from briefing.brief.assemble import _quote_sections
    from briefing.config import load_taxonomy
    from briefing.model import Document

    taxonomy = load_taxonomy()
    text = (
        "Title: Trade talks\n\nUS and Chinese officials met in Beijing to discuss tariffs and export controls, "
        "and the US side said China must cut tariffs.\n\n" + TARIFF * 150 + "\n"
    )
    doc = Document("t.txt", text, "txt", title="Trade talks", body_start=text.index("US and"))
    analysis = analyse_document("a01", doc, taxonomy, load_rules(None))
    story = analysis.stories[0]
    assert story.verdict.on_topic and len(story.quotes) == 150
    filed = _quote_sections(story, {s.id: i for i, s in enumerate(taxonomy.sections)})
    assert len(filed) == 150 and {q.section for q in filed} == {"trade"}
    assert {q.speaker for q in filed} == {"Katherine Tai"}


# ---------------------------------------------------------------- 2. the template sandbox
def _render(tmp_path: Path, body: str, context: dict[str, object] | None = None) -> str:
    from briefing.write.layout import make_environment, render_markdown

    (tmp_path / "audiences").mkdir(parents=True, exist_ok=True)
    (tmp_path / "audiences" / "hostile.md.j2").write_text(body, encoding="utf-8")
    return render_markdown(make_environment(tmp_path), "hostile", context or {})


def test_2_a_template_link_out_of_the_template_folder_is_refused(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    (private / "shadow").write_text("root:SECRET-HASH:19000\n", encoding="utf-8")
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "etc").symlink_to(private, target_is_directory=True)
    with pytest.raises(TemplateError, match="outside the template folders") as info:
        _render(tpl, "{% include 'etc/shadow' %}")
    assert "SECRET" not in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    "body,what",
    [
        ("{{ 'x'|center(4000000000) }}", "center would make 4,000,000,000"),
        ("{{ '{:>3000000000}'.format('x') }}", "format width"),
        ("{{ '{:>{w}}'.format('x', w=3000000000) }}", "format argument"),
        ("{{ '%3000000000s'|format('x') }}", "format width"),
        ("{{ '%3000000000s' % 'x' }}", "format width"),
        ("{{ 'x'.ljust(3000000000) }}", "ljust would make"),
        ("{{ 'x'|indent(3000000000, true) }}", "indent would make"),
        ("{{ ('ab' * 50000)|replace('a', 'x' * 100000) }}", "replace would make"),
        ("{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
         "namespace value would make"),
    ],
)
def test_2_string_building_is_bounded_by_what_it_makes(tmp_path: Path, body: str, what: str) -> None:
    with pytest.raises(TemplateError, match="not allowed in a template") as info:
        _render(tmp_path, body)
    assert what in str(info.value) and "hostile.md.j2:1" in str(info.value)


def test_2_one_huge_allocation_fails_in_the_child_not_the_build() -> None:
    from briefing.write.sandbox import RENDER_MEMORY_BYTES, run_bounded

    size = RENDER_MEMORY_BYTES * 4
    with pytest.raises(TemplateError, match="needs more than .* MB of memory"):
        run_bounded(lambda: "x" * size, "audiences/huge.md.j2")
    assert run_bounded(lambda: "fine", "audiences/small.md.j2") == "fine"


def test_2_a_runaway_child_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.write import sandbox

    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)

    def forever() -> str:
        while True:
            pass

    with pytest.raises(TemplateError, match="longer than 0.5 s"):
        sandbox.run_bounded(forever, "audiences/loop.md.j2")


# ---------------------------------------------------------------- 3. unbalanced marks
def test_3_unbalanced_marks_give_no_quotes_and_verbatim_offsets() -> None:
    from briefing.analyse.quotes import extract_quotes

    prose = "Officials from both sides met in Geneva for a second day of talks on trade. " * 40
    text = prose + "The minister said " + '"a ' * 300 + '"This is a real quote at the end of it all," she said.'
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["This is a real quote at the end of it all,"]
    assert all(text[q.start : q.end] == q.text for q in quotes)
    # a flood denser than any article is read up to the extractor's mark budget only
    assert extract_quotes("The minister said " + '"a ' * 3000 + '"This is a real quote at the end of it all," she said.') == ()


# ---------------------------------------------------------------- 4. UTF-32 feed with entities
@pytest.mark.parametrize("encoding", ["utf-32", "utf-16", "utf-8"])
def test_4_a_feed_declaring_entities_is_refused_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    xml = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n<!DOCTYPE rss [<!ENTITY a "hahahahaha">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<rss><channel><title>T</title><item><title>x</title><description>&b;&b;&b;</description></item></channel></rss>"
    )
    path = tmp_path / "feed.xml"
    path.write_bytes(xml.encode(encoding))
    with pytest.raises(InputError, match="XML declaring entities is refused"):
        ingest.read_documents(path, "feed.xml")


# ---------------------------------------------------------------- 5. DOCX limits
def _docx(path: Path, document_xml: bytes) -> None:
    import docx

    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "word/document.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
        z.writestr("word/document.xml", document_xml)


def test_5_a_docx_bomb_is_refused_before_it_inflates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.read import docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_MEMBER_BYTES", 1_048_576)
    path = tmp_path / "bomb.docx"
    _docx(path, f"<w:document {W}><w:body><w:p><w:r><w:t>".encode() + b" " * 3_000_000 + b"</w:t></w:r></w:p></w:body></w:document>")
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"word/document.xml inflates to 3 MB, over the 1 MB limit \(a ZIP bomb\?\)"):
        ingest.read_documents(path, "bomb.docx")


def test_5_a_docx_of_too_many_paragraphs_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.read import docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_PARAGRAPHS", 40)
    paras = "".join(f"<w:p><w:r><w:t>Line {i} of the trade talks.</w:t></w:r></w:p>" for i in range(41))
    path = tmp_path / "lines.docx"
    _docx(path, f"<w:document {W}><w:body>{paras}</w:body></w:document>".encode())
    with pytest.raises(InputError, match="over 40 paragraphs"):
        ingest.read_documents(path, "lines.docx")
    monkeypatch.setattr(docx_reader, "MAX_PARAGRAPHS", 41)
    (doc,) = ingest.read_documents(path, "lines.docx")
    assert doc.text.count("of the trade talks.") == 41


def test_5_docx_entities_are_not_expanded(tmp_path: Path) -> None:
    path = tmp_path / "ent.docx"
    body = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "EXPANDED">]><w:document {W}><w:body>'
        "<w:p><w:r><w:t>Officials met on Monday to talk about &a; trade.</w:t></w:r></w:p></w:body></w:document>"
    )
    _docx(path, body.encode())
    try:
        docs = ingest.read_documents(path, "ent.docx")
    except InputError:
        return  # refused is as good as not expanded
    assert "EXPANDED" not in docs[0].text


# ---------------------------------------------------------------- 6. links out of the folder
def _outside(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Title: Secret\n\nA file that is not part of the corpus at all.\n", encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "a.txt").write_text("Title: A\n\nAn article inside the folder, with text.\n", encoding="utf-8")
    return outside, folder


def test_6_links_out_of_the_input_folder_are_skipped_not_followed(tmp_path: Path) -> None:
    outside, folder = _outside(tmp_path)
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "etc").symlink_to(outside, target_is_directory=True)
    (folder / "again.txt").symlink_to(folder / "inner" / "a.txt")  # inside: followed
    found, skipped = ingest.discover(folder)
    assert [p.name for p in found] == ["again.txt", "a.txt"]
    assert {(Path(s.source).name, s.reason.split(" (")[0]) for s in skipped} == {
        ("etc", "link outside the input folder"),
        ("secret.txt", "link outside the input folder"),
    }
    found, skipped = ingest.discover(folder, follow_links=True)
    assert sorted(p.name for p in found) == ["a.txt", "again.txt", "secret.txt", "secret.txt"] and not skipped


def test_6_follow_links_is_a_build_option(tmp_path: Path) -> None:
    from briefing.pipeline import BuildOptions

    assert BuildOptions(tmp_path, tmp_path / "out").follow_links is False
    done = subprocess.run([sys.executable, "-m", "briefing", "build", "--help"], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, COLUMNS="200"))
    assert "--follow-links" in done.stdout


# ---------------------------------------------------------------- 7. special files
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_7_fifos_and_devices_are_reported_as_what_they_are_never_opened(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "x.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    found, skipped = ingest.discover(folder, follow_links=True)
    assert found == []
    assert {(Path(s.source).name, s.reason) for s in skipped} == {
        ("x.txt", "FIFO (named pipe), not read"),
        ("zero.txt", "character device, not read"),
    }
    _, skipped = ingest.discover(folder)
    assert [s.reason.split(" (")[0] for s in skipped if s.source.endswith("zero.txt")] == ["link outside the input folder"]
    # Read directly (a file swapped after the walk), a FIFO is refused, not waited on.
    with pytest.raises(InputError, match="FIFO"):
        ingest.read_documents(folder / "x.txt", "x.txt")


# ---------------------------------------------------------------- 8. orphaned workers
def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return next((line.split()[1] for line in fh if line.startswith("State:")), None)
    except OSError:
        return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the worker")
def test_8_a_worker_ends_when_its_parent_is_killed() -> None:
    script = textwrap.dedent(
        """
        import os, sys, time
        from briefing.workers import end_with_parent
        pid = os.fork()
        if pid == 0:
            end_with_parent(poll_seconds=0.1)
            time.sleep(60)
            os._exit(0)
        print(pid, flush=True)
        time.sleep(60)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    time.sleep(0.3)  # the worker armed its death signal
    assert _state(worker) in ("S", "R")
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _state(worker) not in (None, "Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _state(worker) in (None, "Z"), "the worker outlived its parent"


# ---------------------------------------------------------------- 9. interrupt during layout
def test_9_an_interrupt_turned_into_a_render_error_still_exits_130() -> None:
    script = textwrap.dedent(
        """
        import os, signal
        from briefing import cli
        from briefing.errors import RenderError
        with cli._errors():
            try:
                os.kill(os.getpid(), signal.SIGINT)
                signal.pause()
            except KeyboardInterrupt:
                # what reportlab does when interrupted mid-layout
                raise RenderError("cannot lay out PDF (KeyError: forward reference)")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 130, done.stderr
    assert "interrupted" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------- 10. configuration size, reprs
def test_10_a_huge_taxonomy_is_refused_by_its_size(tmp_path: Path) -> None:
    from briefing.config import MAX_CONFIG_BYTES, load_taxonomy

    shipped = (ROOT / "templates" / "taxonomy.toml").read_text(encoding="utf-8")
    terms = ", ".join(f'"term{i:07d}"' for i in range(MAX_CONFIG_BYTES // 12))
    path = tmp_path / "taxonomy.toml"
    path.write_text(shipped + f'\n[[sections]]\nid = "huge"\ntitle = "Huge"\n[[sections.rules]]\nid = "all"\nterms = [{terms}]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"taxonomy file is 1\.\d MB, over the 1 MB limit"):
        load_taxonomy(path)


@pytest.mark.parametrize(
    "body,reason",
    [
        ("{{ '%s'|format(helper) }}", "cannot print a function"),
        ("{{ '{}'.format(helper) }}", "cannot print a function"),
        ("{{ helper }}", "cannot print a function"),
        ("{{ '' ~ helper }}", "object's repr"),
        ("{{ lipsum() }}", "undefined"),
    ],
)
def test_10_object_reprs_never_reach_the_output(tmp_path: Path, body: str, reason: str) -> None:
    with pytest.raises(TemplateError, match=reason):
        _render(tmp_path, body, {"helper": _render})


def test_10_plain_values_still_print(tmp_path: Path) -> None:
    out = _render(tmp_path, "{{ n }} {{ '%05.1f'|format(x) }} {{ '{:>6}'.format(s) }} {{ s|center(9) }}", {"n": 3, "x": 2.5, "s": "ab"})
    # finalize escapes Markdown and folds runs of spaces: what is printed, not how wide
    assert out == "3 002\\.5  ab  ab "


# ---------------------------------------------------------------- reference documents
def _reference_bomb(path: Path) -> None:
    """A usable reference document with one extra part that inflates to 3 MB."""
    import docx

    docx.Document().save(str(path))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/padding.bin", b"\0" * 3_000_000)


@pytest.mark.parametrize("where", ["option", "template folder"])
def test_a_reference_document_is_held_to_the_docx_input_limits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    from briefing.errors import RenderError
    from briefing.read import docx as docx_reader
    from briefing.write.render import RenderOptions
    from briefing.write.render.docx_package import check_reference

    (tmp_path / "styles").mkdir()
    path = tmp_path / "styles" / "reference.docx"
    _reference_bomb(path)
    options = RenderOptions(reference_doc=path) if where == "option" else RenderOptions(templates_dir=tmp_path)
    check_reference(options)  # under the shipped limits it is an ordinary reference
    monkeypatch.setattr(docx_reader, "MAX_MEMBER_BYTES", 1_048_576)
    with pytest.raises(RenderError) as err:
        check_reference(options)
    message = str(err.value)
    assert message == (f"{path}: reference document part word/media/padding.bin inflates to 3 MB, "
                       "over the 1 MB limit (a ZIP bomb?)")
    monkeypatch.setattr(docx_reader, "MAX_MEMBER_BYTES", 64 * 1_048_576)
    monkeypatch.setattr(docx_reader, "MAX_MEMBERS", 5)
    with pytest.raises(RenderError, match=r"reference document package has \d+ parts, over the limit of 5"):
        check_reference(options)


def test_a_reference_document_too_big_on_disk_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.errors import RenderError
    from briefing.read import docx as docx_reader
    from briefing.write.render import RenderOptions
    from briefing.write.render.docx_package import check_reference

    path = tmp_path / "house.docx"
    path.write_bytes(b"PK" + b"\0" * 2_000_000)
    monkeypatch.setattr(docx_reader, "MAX_INFLATED_BYTES", 1_048_576)
    with pytest.raises(RenderError, match=r"house.docx: reference document file of 2 MB, over the 1 MB limit$"):
        check_reference(RenderOptions(reference_doc=path))


# ---------------------------------------------------------------- what one article may hand on
def _analyse_text(body: str) -> object:
    from briefing.analyse.article import analyse_document, keep_needed
    from briefing.analyse.clean import load_rules
    from briefing.config import load_taxonomy
    from briefing.model import Document

    text = "Title: Trade talks\n\n" + body
    doc = Document("t.txt", text, "txt", title="Trade talks", body_start=len("Title: Trade talks\n\n"))
    return keep_needed(analyse_document("a01", doc, load_taxonomy(), load_rules(None)))


_ON_TOPIC = "US and Chinese officials met in Beijing to discuss tariffs and export controls. "


@pytest.mark.parametrize(("limit", "body", "reason"), [
    ("MAX_PARAGRAPHS", "\n\n".join(f"US and Chinese officials met in Beijing for round {i} of talks on tariffs." for i in range(12)),
     "12 paragraphs, over the limit of 10"),
    ("MAX_SENTENCES", _ON_TOPIC * 12, "12 sentences, over the limit of 10"),
    ("MAX_ASSIGNED", _ON_TOPIC * 12, "12 sentences placed in sections, over the limit of 10"),
    ("MAX_QUOTES", _ON_TOPIC + TARIFF * 12, "12 quotes, over the limit of 10"),
    ("MAX_KEPT_CHARS", _ON_TOPIC * 3, r"2\d\d characters of placed and quoted sentences, over the limit of 10"),
])
def test_a_story_over_what_assembly_may_read_is_set_aside_with_why(
        monkeypatch: pytest.MonkeyPatch, limit: str, body: str, reason: str) -> None:
    from briefing.analyse import article

    within = _analyse_text(body)
    assert within.stories[0].verdict.on_topic  # type: ignore[attr-defined]
    monkeypatch.setattr(article, limit, 10)
    (story,) = _analyse_text(body).stories  # type: ignore[attr-defined]
    assert not story.verdict.on_topic and story.paragraphs == () and story.quotes == ()
    assert re.fullmatch(f"too long to weigh as one story: {reason}; set aside", story.verdict.reason)


def test_a_story_denser_in_quote_marks_than_the_extractor_reads_is_set_aside() -> None:
    (story,) = _analyse_text(_ON_TOPIC + "The minister said " + '"a ' * 200).stories  # type: ignore[attr-defined]
    assert not story.verdict.on_topic
    assert story.verdict.reason == "too long to weigh as one story: 200 quote marks, over the limit for its length of 78; set aside"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=30), st.lists(st.tuples(st.integers(0, 3), st.integers(1, 12)), max_size=8))
def test_the_sentences_kept_around_quotes_are_those_that_overlap_one(lengths: list[int], gaps: list[tuple[int, int]]) -> None:
    from briefing.analyse.article import _quoted_sentences
    from briefing.model import Quote, Sentence

    flat, at = [], 0
    for i, n in enumerate(lengths):
        flat.append(Sentence(f"s{i}", at, at + n, "x" * n))
        at += n + 1
    found, pos = [], 0
    for gap, size in gaps:
        start = pos + gap
        found.append(Quote(text="q", start=start, end=start + size, speaker=None, role=None,
                           speaker_kind=None, cue=None, mention=None))
        pos = start + size
    want = {s.id for s in flat for q in found if s.start < q.end and q.start < s.end}
    assert _quoted_sentences(flat, tuple(found)) == want


@pytest.mark.parametrize(("body", "reason"), [
    ("\n\n".join(f"Officials met for round {i} of the trade talks." for i in range(30)),
     "31 paragraphs, over the limit before cleaning of 20"),
    (_ON_TOPIC * 30, "30 sentences, over the limit before cleaning of 20"),
])
def test_a_text_far_over_the_limits_is_set_aside_before_it_is_cleaned(
        monkeypatch: pytest.MonkeyPatch, body: str, reason: str) -> None:
    from briefing.analyse import article, clean

    monkeypatch.setattr(article, "MAX_PARAGRAPHS", 10)
    monkeypatch.setattr(article, "MAX_SENTENCES", 10)
    monkeypatch.setattr(clean, "clean", None)  # never reached
    (story,) = _analyse_text(body).stories  # type: ignore[attr-defined]
    assert story.verdict.reason == f"too long to weigh as one story: {reason}; set aside"
