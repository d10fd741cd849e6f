"""Fuzz the pipeline with hypothesis: article text, small whole corpora, whole builds.

Properties: nothing raises; every sentence and every quote is verbatim at its offsets
(`document.text[start:end] == text`); the brief's Markdown parses; every output file
opens (python-docx, pypdf). Hostile shapes (many quotes in one paragraph, unpaired
marks, deep nesting, huge repeats) go through analysis and assembly too, and the quote
extractor's cue index agrees with a plain rescan.

Most examples go through `analyse_document` and the brief's own steps directly (fast);
a smaller number through the whole build with DOCX and PDF. `BRIEFING_FUZZ_SCALE`
multiplies every count (benchmarks/fuzz.py runs the long profile with it).
"""

from __future__ import annotations

import io
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing.analyse import clean as cleaning
from briefing.read import ingest
from briefing.brief.digest import Digest
from briefing.brief import weekly
from briefing.brief.assemble import assemble
from briefing.config import load_taxonomy
from briefing.write.context import drop_keys, template_context
from briefing.errors import InputError
from briefing.write.layout import make_environment, parse_markdown, render_markdown
from briefing.model import Document
from briefing.analyse.article import analyse_document, keep_needed
from briefing.pipeline import BuildOptions, build
from briefing.write.serialize import brief_to_dict

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("BRIEFING_FUZZ_SCALE", "1"))
AS_OF = date(2024, 4, 30)
AUDIENCES = ("analyst", "principal", "press")

ARTICLE_EXAMPLES = int(1300 * SCALE)
HOSTILE_EXAMPLES = int(80 * SCALE)
INDEX_EXAMPLES = int(300 * SCALE)
# Repeats in the hostile shapes: enough to show a quadratic loop, small enough that the
# suite stays quick; the long profile goes bigger.
MAX_REPEATS = int(120 * min(SCALE, 5))
CORPUS_EXAMPLES = int(680 * SCALE)
BUILD_EXAMPLES = int(24 * SCALE)


def _fuzz_settings(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ---------------------------------------------------------------- strategies
def _seed_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            out.extend(s for s in re.split(r"(?<=[.!?”\"])\s+", line) if 20 <= len(s) <= 400)
    return out


SENTENCES = _seed_sentences()
MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "''", '""', "``"]
MARKUP = ["<b>", "</b>", "&", "&amp;", "&#x27;", "{{", "}}", "{%", "%}", "{#", "*", "**", "_", "#", "## ", "[x](y)",
          "[a](javascript:alert(1))", "![i](x.png)", "|", "| a | b |", "\\", "`", "```", "---", "> ", "1. ", "- ", "<script>", "~~"]
CUES = ["Antony Blinken said", "said Wang Yi", "according to the State Department,", "he told reporters", "she said.",
        "Xi Jinping warned", "China’s foreign ministry said", "US officials", "Taiwan", "tariffs", "the South China Sea", "fentanyl"]
SEPS = [" ", " ", " ", "\n", "\n\n", ". ", ", ", "\t", "\u00a0", "\u2028"]
ODD = ["مرحبا بالعالم", "中美关系面临挑战。", "שלום", "\u202eRTL\u202c", "\u200f", "\u200d", "e\u0301", "😀", "\ufeff", "Ａ", "ß", "İ", "\x0b", "\x0c", "\x85"]

PAIRS = [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“"), ("“", '"'), ("”", "“"), ("“", ""), ("", "”"), ("'", "'")]
# A quotation with its attribution, marks sometimes mismatched or missing.
quoted = st.builds(
    lambda cue, pair, said, after: f"{cue} {pair[0]}{said}{pair[1]}{after}" if len(cue) % 2 else f"{pair[0]}{said}{pair[1]} {cue}{after}",
    st.sampled_from(CUES),
    st.sampled_from(PAIRS),
    st.sampled_from(SENTENCES),
    st.sampled_from([".", ", he added.", "", " on Tuesday.", "\n\n"]),
)
piece = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(SENTENCES),
    quoted,
    quoted,
    st.just("\n\n"),
    st.sampled_from(MARKS),
    st.sampled_from(MARKUP),
    st.sampled_from(CUES),
    st.sampled_from(SEPS),
    st.sampled_from(ODD),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=30),
)
article_text = st.one_of(st.lists(piece, max_size=8), st.lists(piece, min_size=8, max_size=60)).map("".join)


# Hostile shapes: many quotes in one paragraph, unpaired marks, deep nesting, huge repeats.
_WORDS = st.sampled_from(["a", "tariffs", "said", "Xi", "the", "U.S.", "—", "according to", "he", "(", ")", "’s"])
many_quotes = st.builds(lambda unit, n, sep: (unit + sep) * n, quoted, st.integers(2, MAX_REPEATS), st.sampled_from([" ", " ", "\n"]))
unpaired = st.builds(
    lambda lead, mark, word, n: lead + (mark + word + " ") * n,
    st.sampled_from(["The minister said ", "", "“", "Xi Jinping warned: "]),
    st.sampled_from(MARKS),
    _WORDS,
    st.integers(2, MAX_REPEATS * 3),
)
nested = st.builds(
    lambda pair, inner, n: pair[0] * n + inner + pair[1] * n,
    st.sampled_from(PAIRS + [("(", ")"), ("[", "]"), ("‘“", "”’")]),
    st.sampled_from(SENTENCES),
    st.integers(1, MAX_REPEATS * 3),
)
repeated = st.builds(lambda unit, n: unit * n, st.one_of(st.sampled_from(SENTENCES), st.sampled_from(CUES + MARKS + SEPS)), st.integers(2, MAX_REPEATS * 2))
hostile_text = st.lists(st.one_of(many_quotes, unpaired, nested, repeated, piece), min_size=1, max_size=4).map("".join)


def _document(text: str, source: str = "fuzz.txt", header: bool = False) -> Document:
    if header:
        text = f"Title: Fuzzed article\nDate: 2024-04-2{len(text) % 9}\nSource: Outlet {len(text) % 3}\n\n" + text
        return ingest.build_document(source, text, "txt", {"title": "Fuzzed article"}, "header", text.index("\n\n") + 2)
    return ingest.build_document(source, text, "txt", {}, "header")


_TAXONOMY = load_taxonomy(None)
_RULES = cleaning.load_rules(None)
_ENV = make_environment(None)


def _check_offsets(doc: Document, analysis: object) -> None:
    for story in analysis.stories:  # type: ignore[attr-defined]
        for p in story.paragraphs:
            assert 0 <= p.start <= p.end <= len(doc.text)
            for s in p.sentences:
                assert doc.text[s.start : s.end] == s.text
        for q in story.quotes:
            assert doc.text[q.start : q.end] == q.text, (q.start, q.end, q.text)


# ---------------------------------------------------------------- article text
@_fuzz_settings(ARTICLE_EXAMPLES)
@given(text=article_text, header=st.booleans())
def test_analyse_document_never_raises_and_keeps_offsets(text: str, header: bool) -> None:
    doc = _document(text, header=header)
    analysis = analyse_document("a01", doc, _TAXONOMY, _RULES)
    assert analysis.document is doc
    _check_offsets(doc, analysis)
    event(f"stories: {min(len(analysis.stories), 3)}; quotes: {min(sum(len(s.quotes) for s in analysis.stories), 2)}")
    for story in analysis.stories:
        assert story.verdict.on_topic or story.verdict.reason
        assert all(q.article == "" or q.article.startswith("a01") for q in story.quotes)


@_fuzz_settings(HOSTILE_EXAMPLES)
@given(text=hostile_text, header=st.booleans())
def test_hostile_shapes_analyse_and_assemble(text: str, header: bool) -> None:
    doc = _document(text, header=header)
    analysis = analyse_document("a01", doc, _TAXONOMY, _RULES)
    _check_offsets(doc, analysis)
    quotes = sum(len(s.quotes) for s in analysis.stories)
    event(f"quotes: {'0' if not quotes else '1-9' if quotes < 10 else '10+'}")
    if any(s.verdict.on_topic for s in analysis.stories):
        brief = assemble((analysis,), (), _TAXONOMY, AS_OF)
        for q in brief.quotes:
            assert doc.text[q.start : q.end] == q.text


@_fuzz_settings(INDEX_EXAMPLES)
@given(text=st.one_of(hostile_text, article_text), picks=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=6))
def test_unquoted_index_matches_a_rescan_between_quote_bounds(text: str, picks: list[tuple[int, int]]) -> None:
    """The cue index looks matches up once per paragraph; between any two quote or
    paragraph bounds it finds exactly what rescanning that window finds."""
    from briefing.analyse.quotes.cues import _CUE_RE
    from briefing.analyse.quotes.marks import Unquoted, paragraphs, scan_marks, unquoted_matches

    paras = paragraphs(text, None)
    raws = scan_marks(text, paras) if paras else []
    quoted = [(r.open_pos, r.close_end) for r in raws]
    index = Unquoted(_CUE_RE, text, paras, quoted)
    for ps, pe in paras:
        bounds = sorted({ps, pe} | {b for q in quoted for b in q if ps <= b <= pe})
        for a, b in picks:
            lo, hi = sorted((bounds[a % len(bounds)], bounds[b % len(bounds)]))
            rescan = [m.span() for m in unquoted_matches(_CUE_RE, text, lo, hi, quoted)]
            assert [m.span() for m in index.forward(lo, hi)] == rescan
            assert [m.span() for m in index.backward(lo, hi)] == rescan[::-1]


# ---------------------------------------------------------------- small corpora
@_fuzz_settings(CORPUS_EXAMPLES)
@given(texts=st.lists(article_text, min_size=1, max_size=3), audience=st.sampled_from(AUDIENCES), previous=st.booleans())
def test_small_corpora_assemble_and_render_to_markdown(texts: list[str], audience: str, previous: bool) -> None:
    docs = [_document(t, f"f{i}.txt", header=bool(i % 2)) for i, t in enumerate(texts)]
    analyses = tuple(analyse_document(f"a{i + 1:02d}", d, _TAXONOMY, _RULES) for i, d in enumerate(docs))
    for d, a in zip(docs, analyses):
        _check_offsets(d, a)
    on_topic = any(s.verdict.on_topic for a in analyses for s in a.stories)
    event("on topic: rendered" if on_topic else "off topic: stops before assembly")
    if not on_topic:
        return  # the build stops here with "no article on the brief's topics" (exit 2)
    brief = assemble(analyses, (), _TAXONOMY, AS_OF)
    data = brief_to_dict(brief)
    json.dumps(data, ensure_ascii=False)
    data = weekly.extend(data, Digest.of(analyses), json.loads(json.dumps(data)) if previous else None)
    # What a build holds of each analysis (keep_needed) gives the very same brief.
    kept = tuple(keep_needed(a) for a in analyses)
    kept_data = brief_to_dict(assemble(kept, (), _TAXONOMY, AS_OF))
    assert weekly.extend(kept_data, Digest.of(kept), json.loads(json.dumps(kept_data)) if previous else None) == data
    texts_by_id = {a.id: a.document.text for a in analyses}
    for q in data["quotes"]:
        assert texts_by_id[q["article"].split(".")[0]][q["start"] : q["end"]] == q["text"]
    for s in data["sections"]:
        for p in s["points"]:
            assert texts_by_id[p["article"].split(".")[0]][p["start"] : p["end"]] == p["text"]
    keys = drop_keys(data)
    for drop in (frozenset(), frozenset(keys[: len(keys) // 2]), frozenset(keys)):
        markdown = render_markdown(_ENV, audience, template_context(data, drop))
        doc = parse_markdown(markdown, f"audiences/{audience}.md.j2", AS_OF)
        assert doc.blocks


# ---------------------------------------------------------------- whole builds
corpus = st.lists(st.tuples(article_text, st.sampled_from(["txt", "md", "html"])), min_size=1, max_size=3)


def _file_bytes(text: str, kind: str, i: int) -> bytes:
    if kind == "html":
        import html

        body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
        return f"<html><head><title>Fuzzed {i}</title></head><body><article><h1>Fuzzed {i}</h1>{body}</article></body></html>".encode()
    return f"Title: Fuzzed {i}\nDate: 2024-04-2{i}\n\n{text}\n".encode()


@_fuzz_settings(BUILD_EXAMPLES)
@given(files=corpus, audience=st.sampled_from(("principal", "press")))
def test_whole_build_outputs_open(tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, str]], audience: str) -> None:
    import docx
    from pypdf import PdfReader

    base = tmp_path_factory.mktemp("fuzzbuild")
    folder = base / "in"
    folder.mkdir()
    # One real article keeps most builds on topic, so rendering is exercised.
    (folder / "00_seed.txt").write_bytes((ROOT / "seeds" / "004_80314923cb317ff3.txt").read_bytes())
    for i, (text, kind) in enumerate(files, 1):
        (folder / f"{i:02d}_fuzz.{kind}").write_bytes(_file_bytes(text, kind, i))
    out = base / "out"
    try:
        result = build(BuildOptions(input_dir=folder, out_dir=out, audiences=(audience,), as_of=AS_OF, jobs=1))
    except InputError:
        event("build: no usable input")
        return
    event(f"build: {len(result.data['quotes'])} quotes" if len(result.data["quotes"]) < 3 else "build: 3+ quotes")
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert {p.name for p in out.iterdir()} == {p.name for p in result.files}
    for path in result.files:
        if path.suffix == ".pdf":
            assert len(PdfReader(io.BytesIO(path.read_bytes())).pages) >= 1
        elif path.suffix == ".docx":
            assert docx.Document(str(path)).paragraphs
    texts = {}
    for a in data["articles"]:
        if a["status"] != "skipped" and not a["parent"]:
            texts[a["id"]] = ingest.read_documents(Path(a["source"]), a["source"])[0].text
    for q in data["quotes"]:
        assert texts[q["article"].split(".")[0]][q["start"] : q["end"]] == q["text"]
