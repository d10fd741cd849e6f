"""Quotes as a press reader sees them: a fragment carries the sentences that hold it, and a
quote a page prints twice with a word changed is shown once (invented, web-shaped text)."""

from __future__ import annotations

from typing import Any

import pytest

from briefing.analyse.segment import segment
from briefing.brief.assemble import _holder
from briefing.model import Quote, Span, StoryAnalysis
from briefing.pipeline import BuildOptions, build

PAGE = """Title: Minister presses Beijing over support for Moscow's war
Source: Harbour Post
Date: 2024-03-04

Foreign Minister Ana Ruiz said on Monday that China must stop supplying machine tools to Russia's arms makers, in talks with her Chinese counterpart.

Ruiz said China "cannot on the one hand say it wants better ties with Europe while at the same time supplying the largest war in Europe since 1945."

Ruiz told reporters that the sanctions on Russia would stay in force until the war ended, and that China would be asked to respect them.

Ruiz said China “cannot on the one hand say it wants better ties with Europe while eat the same time supplying the largest war in Europe since 1945. This is what keeps the war going.”
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("in")
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    return build(BuildOptions(input_dir=folder, out_dir=out, jobs=1, formats=())).data


def test_a_quote_printed_twice_with_edits_is_shown_once(data: dict[str, Any]) -> None:
    repeats = [q for q in data["quotes"] if "on the one hand" in q["text"]]
    assert len(repeats) == 1
    assert "at the same time supplying" in repeats[0]["text"]  # the first, not the page's copy


def test_a_fragment_carries_the_sentence_that_holds_it(data: dict[str, Any]) -> None:
    (quote,) = [q for q in data["quotes"] if "on the one hand" in q["text"]]
    context = quote["context"]
    assert context["text"].startswith("Ruiz said China") and context["start"] <= quote["start"] and quote["end"] <= context["end"]
    assert quote["speaker"] == "Ana Ruiz"


def test_a_fragment_over_two_sentences_carries_both() -> None:
    text = 'She said China “cannot keep fuelling the war. This is what keeps it going.” Officials agreed.'
    (para,) = segment("a01", text, [Span(0, len(text))])
    start = text.index("cannot")
    end = text.index("going.") + len("going.")
    story = StoryAnalysis("a01", 0, None, None, (para,), ())  # type: ignore[arg-type]
    holder = _holder(story, Quote(text=text[start:end], start=start, end=end))
    assert holder is not None
    assert holder.text == "She said China “cannot keep fuelling the war. This is what keeps it going.”"
    assert (holder.start, holder.end) == (0, text.index(" Officials"))


def test_a_sentence_the_page_cut_off_after_the_quote_ends_with_the_quote() -> None:
    from briefing.brief.assemble import _with_context

    text = "The envoy said she also raised concerns over the “unsafe manoeuvres in the strait” and in t"
    (para,) = segment("a01", text, [Span(0, len(text))])
    start = text.index("unsafe")
    end = text.index("” and")
    story = StoryAnalysis("a01", 0, None, None, (para,), ())  # type: ignore[arg-type]
    (quote,) = _with_context([Quote(text=text[start:end], start=start, end=end)], story)
    assert quote.context is not None
    assert quote.context.text == "The envoy said she also raised concerns over the “unsafe manoeuvres in the strait”"
    assert text[quote.context.start : quote.context.end] == quote.context.text


def test_a_surname_is_the_one_full_name_the_corpus_gives_it(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Title: Ruiz meets Chinese envoy\nSource: Harbour Post\nDate: 2024-03-04\n\n"
        "Foreign Minister Ana Ruiz met China's envoy in Lisbon on Monday to discuss Taiwan.\n\n"
        "“We asked China to keep the Taiwan Strait open to shipping,” Ruiz said after the talks.\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        "Title: Lisbon warns Beijing on Taiwan drills\nSource: Dock Daily\nDate: 2024-03-05\n\n"
        "Portugal warned China on Tuesday over its military drills around Taiwan.\n\n"
        "“Drills around Taiwan put every ship in the strait at risk,” Ruiz said in parliament.\n", encoding="utf-8")
    data = build(BuildOptions(input_dir=folder, out_dir=tmp_path / "out", jobs=1, formats=())).data
    speakers = {q["text"][:10]: (q["speaker"], q["role"]) for q in data["quotes"]}
    assert speakers == {"We asked C": ("Ana Ruiz", "Foreign Minister"), "Drills aro": ("Ana Ruiz", "Foreign Minister")}
