"""What a senior reader sees: each rule of the documents on invented, real-shaped data
and on the seed build."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import docx
from pypdf import PdfReader

from briefing.write.context import drop_keys, source_name, template_context

from seedkit import AS_OF, SEEDS


def _point(pid: str, article: str, start: int, text: str, score: float = 0.5) -> dict[str, Any]:
    return {"id": pid, "text": text, "article": article, "start": start, "end": start + len(text), "score": score,
            "outlets": [], "lede": True, "attribution": None}


def _data() -> dict[str, Any]:
    lead = _point("a01.p1.s1", "a01", 0, "The minister met her counterpart on Monday.", 0.9)
    weak = _point("a01.p3.s1", "a01", 200, "The shipyards said orders would fall this year.", 0.2)
    quote = {"id": "a01.q210", "text": "orders would fall", "speaker": "The shipyards", "role": None, "cue": "said",
             "section": "trade", "article": "a01", "start": 224, "end": 241, "context": None}
    return {
        "as_of": "2024-03-04",
        "period": {"start": "2024-03-01", "end": "2024-03-04"},
        "key_points": [lead],
        "sections": [{"id": "trade", "title": "Trade", "keywords": [{"text": "export controls", "score": 0.1}],
                      "points": [lead, weak], "quotes": ["a01.q210"]}],
        "quotes": [quote],
        "articles": [
            {"id": "a01", "status": "used", "title": "Ministers meet", "outlet": "Harbour Post", "date": "2024-03-04", "source": "in/a.txt"},
            {"id": "a02", "status": "used", "title": None, "outlet": None, "date": None, "source": "in/b.txt"},
            {"id": "a03", "status": "off_topic", "title": "Football", "outlet": None, "date": None, "source": "in/c.txt",
             "reason": "no brief topic", "parent": None},
        ],
        "timeline": [],
    }


def test_page_limits_cut_set_aside_whos_who_and_keywords_before_points_and_the_bottom_line_last() -> None:
    keys = drop_keys(_data())
    kinds = [k.split(":")[0] for k in keys]
    assert kinds.index("set_aside") < kinds.index("whos_who") < kinds.index("keywords") < kinds.index("quote") < kinds.index("point")
    assert keys[-1] == "point:a01.p1.s1"  # the bottom line goes last


def test_a_quote_stays_only_while_its_section_does() -> None:
    ctx = template_context(_data(), frozenset({"point:a01.p3.s1"}))
    section = ctx["brief"]["sections"][0]
    assert [p["id"] for p in section["points"]] == ["a01.p1.s1"]  # the bottom line stays
    data = _data()
    data["key_points"] = []
    ctx = template_context(data, frozenset({"point:a01.p1.s1", "point:a01.p3.s1"}))
    assert ctx["brief"]["sections"][0]["quotes"] == [] and ctx["brief"]["quotes"] == []


def test_a_quote_inside_a_shown_point_is_not_shown_again() -> None:
    ctx = template_context(_data())
    assert ctx["shown_quotes"] == []
    assert ctx["section_quotes"](ctx["brief"]["sections"][0]) == []


def test_covering_says_how_many_sources_are_undated_and_sources_have_no_path() -> None:
    ctx = template_context(_data())
    assert ctx["period"] == "1 March 2024 – 4 March 2024 (1 of 2 sources undated)"
    assert [s["name"] for s in ctx["sources"]] == ["Harbour Post: Ministers meet", "Untitled article"]
    assert source_name({"title": "Ministers meet", "outlet": None}) == "Ministers meet"


def test_a_report_is_no_speaker_and_a_bare_question_is_nobody_s() -> None:
    data = _data()
    data["quotes"] = [
        dict(data["quotes"][0], id="a01.q900", start=900, end=930, speaker="A March 2 Harbour Post report", text="Orders fell."),
        dict(data["quotes"][0], id="a01.q950", start=950, end=990, speaker="Ana Ferreira", cue=None, text="Who will pay?"),
        dict(data["quotes"][0], id="a01.q999", start=999, end=1030, speaker="Ana Ferreira", text="We will pay."),
    ]
    assert [w["speaker"] for w in template_context(data)["whos_who"]] == ["Ana Ferreira"]
    assert len(template_context(data)["whos_who"][0]["quotes"]) == 1


def test_corroboration_is_marked_only_where_it_informs() -> None:
    ctx = template_context(_data())
    assert str(ctx["outlets"]({"outlets": ["Harbour Post"]})) == ""
    assert str(ctx["outlets"]({"outlets": ["Harbour Post", "Dock Daily", "Tide Times"]})) == " *(3 outlets)*"


def _document_texts(out: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".pdf":
            texts[path.name] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
        elif path.suffix == ".docx":
            d = docx.Document(str(path))
            cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
            texts[path.name] = "\n".join([p.text for p in d.paragraphs] + cells)
        elif path.suffix == ".md":
            texts[path.name] = path.read_text(encoding="utf-8")
    return texts


def test_seed_documents_read_as_a_reader_would(seed_build: dict[str, Any]) -> None:
    data, out = seed_build["data"], seed_build["out"]
    texts = _document_texts(out)
    names = [Path(a["source"]).name for a in data["articles"]]
    for name, text in texts.items():
        assert not any(n in text for n in names), name  # sources by outlet and headline, never a file
        assert "(single source)" not in text, name
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), name  # one date style: long form
    analyst = texts["analyst.md"]
    sections_part = analyst.split("## Bottom line", 1)[1].split("\n## ", 1)[1]
    for p in data["key_points"]:
        # The bottom line is not repeated in the sections.
        assert p["text"].replace(" ", "") not in sections_part.replace("\\", "").replace(" ", ""), p["text"]


def test_relative_and_absolute_input_give_identical_documents(tmp_path: Path) -> None:
    from briefing.pipeline import BuildOptions, build

    here = Path.cwd()
    os.chdir(SEEDS.parent)
    try:
        build(BuildOptions(input_dir=Path(SEEDS.name), out_dir=tmp_path / "rel", as_of=AS_OF, jobs=1, audiences=("principal",)))
    finally:
        os.chdir(here)
    build(BuildOptions(input_dir=SEEDS.resolve(), out_dir=tmp_path / "abs", as_of=AS_OF, jobs=1, audiences=("principal",)))
    for path in sorted((tmp_path / "rel").iterdir()):
        if path.name != "brief.json":  # which keeps the input path as given, for audit
            assert (tmp_path / "abs" / path.name).read_bytes() == path.read_bytes(), path.name
    for name, text in _document_texts(tmp_path / "abs").items():
        assert str(SEEDS.resolve()) not in text, name


def test_a_quote_inside_another_quotes_context_sentence_is_shown_once() -> None:
    data = _data()
    sentence = "“A good outcome would cut fees,” the mayor said, and “the reopening of the ferry line.”"
    whole = {"id": "a01.q500", "text": "A good outcome would cut fees,", "speaker": "Ana Costa", "role": "Mayor", "cue": "said",
             "section": "trade", "article": "a01", "start": 501, "end": 531, "context": None}
    piece = {"id": "a01.q555", "text": "the reopening of the ferry line.", "speaker": "Ana Costa", "role": "Mayor", "cue": "said",
             "section": "trade", "article": "a01", "start": 555, "end": 587,
             "context": {"text": sentence, "start": 500, "end": 500 + len(sentence)}}
    data["quotes"] += [whole, piece]
    data["sections"][0]["quotes"] += ["a01.q500", "a01.q555"]
    shown = [q["id"] for q in template_context(data, frozenset())["shown_quotes"]]
    assert "a01.q555" in shown and "a01.q500" not in shown
    # Two fragments of one sentence: the sentence is shown with the first.
    first = dict(whole, text="a good outcome", start=502, end=516, context=piece["context"])
    data["quotes"] = _data()["quotes"] + [first, piece]
    data["quotes"][-2]["id"] = "a01.q502"
    data["sections"][0]["quotes"] = ["a01.q210", "a01.q502", "a01.q555"]
    shown = [q["id"] for q in template_context(data, frozenset())["shown_quotes"]]
    assert "a01.q502" in shown and "a01.q555" not in shown
