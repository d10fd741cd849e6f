"""The data a template sees: brief.json's dictionary plus small Markdown helpers.

Templates get plain data (the same fields as brief.json, documented there), never live
Python objects, so the sandbox has nothing to reach through. Helpers that emit markup
(`cite`, `lead`, `quote_md`, ...) escape the text they are given and return
`MarkdownSafe`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from typing import Any, Callable

from briefing.write.layout import MarkdownSafe, escape_markdown

_CLAUSE_END = re.compile(r"[,;:]\s|\s[–—]\s")
_URL = re.compile(r"^https?://[^\s()<>]+$")


def drop_keys(data: dict[str, Any]) -> list[str]:
    """Everything a page limit may drop, lowest rank first: timeline rows from the
    oldest, then quotes and points, each from the weakest upwards; a section's best
    point goes last. Keys name items in brief.json ("event:<n>", "quote:<id>",
    "point:<id>")."""
    quotes = sorted(data["quotes"], key=lambda q: (q["speaker"] is not None, q["role"] is not None, len(q["text"]), q["id"]))
    points: list[tuple[int, float, str]] = []
    for s in data["sections"]:
        for rank, p in enumerate(s["points"]):
            points.append((-rank, p["score"], p["id"]))
    points.sort()
    events = [f"event:{i}" for i in range(len(data.get("timeline", [])))]
    return events + [f"quote:{q['id']}" for q in quotes] + [f"point:{pid}" for _, _, pid in points]


def item_text(data: dict[str, Any], key: str) -> str:
    """The text a `drop_keys` key stands for ("\0", which no page shows, if none)."""
    kind, _, item_id = key.partition(":")
    if kind == "event":
        return str(data.get("timeline", [])[int(item_id)]["text"])
    pool = data["quotes"] if kind == "quote" else [p for s in data["sections"] for p in s["points"]]
    return next((x["text"] for x in pool if x["id"] == item_id), "\0")


def _without(data: dict[str, Any], drop: frozenset[str]) -> dict[str, Any]:
    if not drop:
        return data
    sections = []
    for s in data["sections"]:
        s = dict(s, points=[p for p in s["points"] if f"point:{p['id']}" not in drop], quotes=[q for q in s["quotes"] if f"quote:{q}" not in drop])
        sections.append(s)
    return dict(
        data,
        sections=sections,
        key_points=[p for p in data["key_points"] if f"point:{p['id']}" not in drop],
        quotes=[q for q in data["quotes"] if f"quote:{q['id']}" not in drop],
        timeline=[e for i, e in enumerate(data.get("timeline", [])) if f"event:{i}" not in drop],
    )


def _cited(data: dict[str, Any]) -> set[str]:
    """Articles the brief's points, quotes, timeline and watch list cite."""
    items = [p for s in data["sections"] for p in s["points"]] + data["key_points"] + data["quotes"]
    items += data.get("timeline", []) + data.get("watch", [])
    return {x["article"] for x in items}


def long_date(iso: str | None) -> str:
    """"2024-04-26" -> "26 April 2024"; unknown dates stay visible as "undated"."""
    if not iso:
        return "undated"
    d = date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def template_context(data: dict[str, Any], drop: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The variables and helpers every template gets.

    Args:
        data: the brief as brief.json data.
        drop: keys from `drop_keys` to leave out (page-limit trimming).
    """
    data = _without(data, drop)
    used = [a for a in data["articles"] if a["status"] == "used"]
    # Cited articles are numbered first, so citations stay small numbers and a source
    # table can list just what the brief cites: a week of 10,000 articles would
    # otherwise print a thousand pages of index (brief.json lists every article).
    cited = _cited(data)
    used.sort(key=lambda a: a["id"] not in cited)
    sources = [dict(a, n=i + 1, cited=a["id"] in cited) for i, a in enumerate(used)]
    number = {a["id"]: a["n"] for a in sources}
    quotes_by_id = {q["id"]: q for q in data["quotes"]}

    def cite(article_id: str) -> MarkdownSafe:
        n = number.get(article_id)
        return MarkdownSafe(f"[{n}](src:{article_id})") if n else MarkdownSafe("")

    def anchor(article_id: str) -> MarkdownSafe:
        return MarkdownSafe(f"[{number.get(article_id, '')}](anchor:{article_id})")

    def link(text: Any, url: Any) -> MarkdownSafe:
        if isinstance(url, str) and _URL.match(url):
            return MarkdownSafe(f"[{escape_markdown(text)}]({url})")
        return MarkdownSafe(escape_markdown(text))

    def lead(text: str) -> MarkdownSafe:
        """The main clause in bold: up to the first clause break after four words, or
        the whole sentence when it has none."""
        for m in _CLAUSE_END.finditer(text):
            if len(text[: m.start()].split()) >= 4:
                head, tail = text[: m.start()], text[m.start():]
                return MarkdownSafe(f"**{escape_markdown(head)}**{escape_markdown(tail)}")
        return MarkdownSafe(f"**{escape_markdown(text)}**")

    def quote_md(text: str) -> MarkdownSafe:
        """A quote as block-quote lines; a quote running over several paragraphs keeps
        its paragraph breaks."""
        # The comma that hands over to "he said" is the sentence's, not the speaker's.
        paras = [p for p in re.split(r"\n\s*\n|\n", text.rstrip().removesuffix(",")) if p.strip()]
        return MarkdownSafe("\n>\n".join(f"> {escape_markdown(p)}" for p in paras) or "> ")

    def toml(value: Any) -> MarkdownSafe:
        return MarkdownSafe(json.dumps(value, ensure_ascii=False))

    def section_quotes(section: dict[str, Any]) -> list[dict[str, Any]]:
        return [quotes_by_id[q] for q in section["quotes"] if q in quotes_by_id]

    def pick_sections(ids: list[str]) -> list[dict[str, Any]]:
        by_id = {s["id"]: s for s in data["sections"]}
        return [by_id[i] for i in ids if i in by_id]

    speakers: dict[str, dict[str, Any]] = {}
    for q in data["quotes"]:
        if not q["speaker"]:
            continue
        entry = speakers.setdefault(q["speaker"], {"speaker": q["speaker"], "role": q["role"], "quotes": [], "articles": []})
        entry["role"] = entry["role"] or q["role"]
        entry["quotes"].append(q)
        if q["article"] not in entry["articles"]:
            entry["articles"].append(q["article"])
    whos_who = sorted(speakers.values(), key=lambda e: (-len(e["quotes"]), e["speaker"]))

    by_section: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in data["quotes"]:
        by_section[q["section"] or ""].append(q)

    helpers: dict[str, Callable[..., Any]] = {
        "cite": cite,
        "anchor": anchor,
        "link": link,
        "lead": lead,
        "quote_md": quote_md,
        "toml": toml,
        "long_date": long_date,
        "section_quotes": section_quotes,
        "pick_sections": pick_sections,
    }
    return {
        "brief": data,
        "sources": sources,
        "whos_who": whos_who,
        "set_aside": [a for a in data["articles"] if a["status"] != "used"],
        "as_of": long_date(data["as_of"]),
        "period": f"{long_date(data['period']['start'])} – {long_date(data['period']['end'])}" if data["period"]["start"] else "undated articles",
        **helpers,
    }
