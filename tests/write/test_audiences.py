"""The three shipped audiences on the seeds, read back from the files a reader gets."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from seedkit import AS_OF, SEEDS


def _pdf(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


def _outline(reader: PdfReader) -> list[str]:
    def walk(items: list[Any]) -> list[str]:
        return [t for i in items for t in (walk(i) if isinstance(i, list) else [i.title])]

    return walk(reader.outline)


def test_principal_is_one_page_with_a_bold_bottom_line(seed_build: dict[str, Any]) -> None:
    out = seed_build["out"]
    assert len(_pdf(out / "principal.pdf").pages) == 1
    d = docx.Document(str(out / "principal.docx"))
    bullets = [p for p in d.paragraphs if p.style.name == "List Bullet"]
    bottom = bullets[: len(seed_build["data"]["key_points"])]
    assert 3 <= len(bottom) <= 5
    bold_led = 0
    for p in bottom:
        runs = [r for r in p.runs if r.text.strip()]
        # Bold, where there is any, is the part that says who did what: it opens the line.
        assert all(not r.bold for r in runs[1:] if not runs[0].bold), p.text
        bold_led += bool(runs[0].bold)
    assert bold_led >= 1
    quotes = [p for p in d.paragraphs if p.style.name == "Quote"]
    assert len(quotes) <= 1
    # What the page limit left out is on record, whole items only.
    dropped = seed_build["data"]["dropped"].get("principal", [])
    kinds = ("point", "quote", "event", "set_aside", "whos_who", "keywords")
    assert all(k.split(":")[0] in kinds for k in dropped)  # never "over_limit"


def test_analyst_has_every_section_quotes_whos_who_sources_and_set_aside(seed_build: dict[str, Any]) -> None:
    out, data = seed_build["out"], seed_build["data"]
    reader = _pdf(out / "analyst.pdf")
    outline = _outline(reader)
    for s in data["sections"]:
        assert s["title"] in outline
    for heading in ("Bottom line", "Who's who", "Sources", "Set aside"):
        assert heading in outline
    # Sections are siblings in the bookmarks, not nested under the first heading.
    top_level = [i.title for i in reader.outline if not isinstance(i, list)]
    assert all(s["title"] in top_level for s in data["sections"])
    d = docx.Document(str(out / "analyst.docx"))
    styles = {p.style.name for p in d.paragraphs}
    assert {"Title", "Heading 1", "List Bullet", "Quote"} <= styles
    header_rows = [[c.text for c in t.rows[0].cells] for t in d.tables]
    assert ["Speaker", "Role", "Quotes", "Articles"] in header_rows
    assert ["#", "Title", "Outlet", "Date"] in header_rows
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Keywords:" in text


def test_press_groups_quotes_by_speaker(seed_build: dict[str, Any]) -> None:
    d = docx.Document(str(seed_build["out"] / "press.docx"))
    speakers = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    data = seed_build["data"]
    from briefing.write.context import template_context

    # Every speaker credited on the page heads their quotes; a report is not a speaker.
    credited = {w["speaker"] for w in template_context(data)["whos_who"]}
    assert credited and credited <= set(speakers)
    assert not any(s.casefold().endswith(("report", "video")) for s in speakers)
    assert any(p.style.name == "Quote" for p in d.paragraphs)


def test_same_corpus_templates_and_date_give_identical_files(seed_build: dict[str, Any], tmp_path: Path) -> None:
    from briefing.pipeline import BuildOptions, build

    build(BuildOptions(input_dir=SEEDS, out_dir=tmp_path, as_of=AS_OF, jobs=1))
    for path in sorted(seed_build["out"].iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_custom_template_changes_the_output(tmp_path: Path) -> None:
    from briefing.pipeline import BuildOptions, build

    folder = tmp_path / "templates" / "audiences"
    folder.mkdir(parents=True)
    (folder / "principal.md.j2").write_text(
        '{% extends "base.md.j2" %}\n{% set audience = "principal" %}\n{% set subtitle = "Morning note" %}\n'
        '{% set banner = "UNCLASSIFIED" %}\n{% set page_limit = 1 %}\n{% set include_sections = ["taiwan"] %}\n'
        "{% block whos_who %}{% endblock %}{% block set_aside %}{% endblock %}{% block sources %}{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(BuildOptions(input_dir=SEEDS, out_dir=out, audiences=("principal",), templates=tmp_path / "templates", as_of=AS_OF, jobs=1))
    reader = _pdf(out / "principal.pdf")
    text = reader.pages[0].extract_text()
    assert "Morning note" in text and "UNCLASSIFIED" in text
    assert len(reader.pages) == 1
    assert [t for t in _outline(reader) if t not in ("Bottom line", "Contents", "Timeline", "What to watch")] == ["Taiwan"]


@pytest.mark.parametrize("paper,width", [("A4", 595), ("Letter", 612)])
def test_paper_size(tmp_path: Path, paper: str, width: int) -> None:
    from briefing.pipeline import BuildOptions, build

    build(BuildOptions(input_dir=SEEDS, out_dir=tmp_path, audiences=("principal",), paper=paper, as_of=AS_OF, jobs=1, formats=("pdf",)))
    box = _pdf(tmp_path / "principal.pdf").pages[0].mediabox
    assert round(float(box.width)) == width


def test_a_large_week_cites_small_numbers_and_lists_what_it_cites(seed_build: dict[str, Any]) -> None:
    """With many more articles than citations, the analyst's source table lists the cited
    ones (numbered 1..k) and counts the rest; a site's appended stories past twenty are a
    count too. brief.json still lists every article."""
    import copy
    import re

    from briefing.write.context import template_context
    from briefing.write.layout import make_environment, render_markdown

    data = copy.deepcopy(seed_build["data"])
    used = [a for a in data["articles"] if a["status"] == "used"]
    extra = [dict(used[0], id=f"a{90 + i}", source=f"extra{i}.txt", title=f"Uncited story {i}") for i in range(6)]
    appended = [dict(used[0], id=f"a{90 + i}.i2", status="off_topic", parent=f"a{90 + i}", reason="no section terms", title=None) for i in range(25)]
    data["articles"] = extra[:3] + data["articles"] + extra[3:] + appended
    markdown = render_markdown(make_environment(None), "analyst", template_context(data))
    sources = markdown.split("## Sources", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| \[(\d+)\]\(anchor:(a\d+)\)", sources, re.M)
    cited = {x["article"] for s in data["sections"] for x in s["points"]} | {q["article"] for q in data["quotes"]}
    assert rows and {aid for _, aid in rows} >= cited
    assert [int(n) for n, _ in rows] == list(range(1, len(rows) + 1))
    assert not any(aid.startswith("a9") for _, aid in rows)
    assert "6 more articles were on the brief's topics without being cited here" in sources
    # Every citation in the text points at a row of the table.
    assert set(re.findall(r"\]\(src:(a\d+)\)", markdown)) <= {aid for _, aid in rows}
    # 30 set aside (25 + the seeds' 5): a count per reason with its first few.
    set_aside = markdown.split("## Set aside", 1)[1].replace("\\", "")
    assert "30 articles and appended stories set aside, by reason" in set_aside
    assert "**no section terms** (off-topic, 25): " in set_aside and "; and 22 more" in set_aside
    assert set_aside.count("Story appended to") < 10
