"""Every input format, made with that format's own tools, carries a quote and a
section-worthy sentence all the way into brief.json, with honest offsets."""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

FORMATS = ("txt", "md", "html", "docx", "pdf", "eml", "rss")
COMMODITY = {"txt": "steel", "md": "aluminium", "html": "solar panels", "docx": "batteries", "pdf": "graphite", "eml": "copper", "rss": "rare earths"}
SPEAKER = {"txt": "Maria Lopez", "md": "Daniel Osei", "html": "Priya Raman", "docx": "Tomas Berg", "pdf": "Helen Park", "eml": "Omar Haddad", "rss": "Nina Petrova"}


def _paragraphs(fmt: str) -> list[str]:
    thing, who = COMMODITY[fmt], SPEAKER[fmt]
    return [
        f"The United States announced new tariffs on Chinese {thing} on Tuesday, and Beijing said it would answer with export controls of its own.",
        f"Officials in Washington said the measures on {thing} were meant to counter China's industrial overcapacity in the sector.",
        f"“We will not accept a flood of subsidised {thing} into our market,” said {who}, a senior trade official at the Commerce Department.",
        f"Chinese officials said the tariffs on {thing} broke trade rules and that China would defend its companies, according to the ministry.",
    ]


def _write(folder: Path, fmt: str) -> None:
    title = f"US raises tariffs on Chinese {COMMODITY[fmt]}"
    paras = _paragraphs(fmt)
    path = folder / f"article.{fmt if fmt != 'rss' else 'xml'}"
    if fmt in ("txt", "md"):
        head = f"Title: {title}\nDate: 2024-04-23\nSource: Test Wire\n\n" if fmt == "txt" else f"---\ntitle: {title}\ndate: 2024-04-23\n---\n\n# {title}\n\n"
        path.write_text(head + "\n\n".join(paras) + "\n", encoding="utf-8")
    elif fmt == "html":
        body = "".join(f"<p>{p}</p>" for p in paras)
        path.write_text(
            f"<html><head><title>{title}</title><meta property='article:published_time' content='2024-04-23'></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Subscribe to our newsletter</footer></body></html>",
            encoding="utf-8",
        )
    elif fmt == "docx":
        import docx

        d = docx.Document()
        d.add_heading(title, level=1)
        for p in paras:
            d.add_paragraph(p)
        d.core_properties.title = title
        d.core_properties.created = datetime(2024, 4, 23, 9, 0)
        d.save(str(path))
    elif fmt == "pdf":
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.platypus import Paragraph, SimpleDocTemplate

        styles = getSampleStyleSheet()
        from xml.sax.saxutils import escape

        story = [Paragraph(escape(title), styles["Title"])] + [Paragraph(escape(p), styles["Normal"]) for p in paras]
        SimpleDocTemplate(str(path), pagesize=A4, title=title).build(story)
        from pypdf import PdfReader, PdfWriter

        # Dated as a publisher's PDF states it, in its document information.
        writer = PdfWriter(clone_from=PdfReader(str(path)))
        writer.add_metadata({"/CreationDate": "D:20240423090000Z"})
        with path.open("wb") as fh:
            writer.write(fh)
    elif fmt == "eml":
        msg = EmailMessage()
        msg["Subject"] = f"Fwd: {title}"
        msg["From"] = "Analyst Desk <desk@thinktank.example.org>"
        msg["To"] = "team@example.org"
        msg["Date"] = format_datetime(datetime(2024, 4, 23, 9, 0, tzinfo=timezone.utc))
        msg.set_content("\n\n".join(paras))
        path.write_bytes(bytes(msg))
    elif fmt == "rss":
        from xml.sax.saxutils import escape

        item = (
            f"<item><title>{escape(title)}</title><link>https://wire.example.com/a</link>"
            f"<pubDate>Tue, 23 Apr 2024 09:00:00 GMT</pubDate><description>{escape(''.join(f'<p>{p}</p>' for p in paras))}</description></item>"
        )
        path.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>{item}</channel></rss>", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from briefing.pipeline import BuildOptions, build

    root = tmp_path_factory.mktemp("formats")
    folder = root / "in"
    for fmt in FORMATS:
        sub = folder / fmt
        sub.mkdir(parents=True)
        _write(sub, fmt)
    build(BuildOptions(input_dir=folder, out_dir=root / "out", audiences=("analyst",), jobs=1, formats=("pdf",)))
    return {"folder": folder, "data": json.loads((root / "out" / "brief.json").read_text(encoding="utf-8"))}


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_reaches_the_brief(built: dict[str, Any], fmt: str) -> None:
    from briefing.read.ingest import read_documents

    data = built["data"]
    (article,) = [a for a in data["articles"] if f"/{fmt}/" in a["source"]]
    assert article["status"] == "used", article
    assert article["date"] == "2024-04-23" and COMMODITY[fmt] in (article["title"] or "").lower()
    assert article["metadata_origins"].get("date")
    text = read_documents(Path(article["source"].split("#")[0]), article["source"])[0].text
    quotes = [q for q in data["quotes"] if q["article"] == article["id"]]
    assert any(SPEAKER[fmt] == q["speaker"] and COMMODITY[fmt] in q["text"] for q in quotes), quotes
    # The seven texts differ in one word a sentence, so their sentences are one wire
    # copy and each point cites one representative; every article still feeds trade.
    assert "trade" in article["sections"]
    points = [p for s in data["sections"] for p in s["points"] if p["article"] == article["id"]]
    for item in quotes + points:
        assert text[item["start"] : item["end"]] == item["text"]


def test_the_weeks_window(tmp_path: Path) -> None:
    """Articles dated outside --since/--until are set aside with that reason, undated
    ones are kept and marked undated, and the period states the window."""
    from briefing.pipeline import BuildOptions, build
    from datetime import date as day

    from seedkit import SEEDS

    build(BuildOptions(input_dir=SEEDS, out_dir=tmp_path, audiences=("analyst",), jobs=1, formats=("pdf",), since=day(2024, 4, 22), until=day(2024, 4, 28)))
    data = json.loads((tmp_path / "brief.json").read_text(encoding="utf-8"))
    by_name = {Path(a["source"]).name[:3]: a for a in data["articles"] if a["parent"] is None}
    assert by_name["002"]["status"] == "off_topic" and "outside the brief's window 2024-04-22 – 2024-04-28" in by_name["002"]["reason"]
    assert all(by_name[k]["status"] == "used" and by_name[k]["undated"] for k in ("000", "003", "004"))
    assert data["period"] == {"start": "2024-04-22", "end": "2024-04-28"}
    assert "22 April 2024 – 28 April 2024" in (tmp_path / "analyst.md").read_text(encoding="utf-8")
