"""The data a template sees: brief.json's dictionary plus small Markdown helpers.

Templates get plain data (the same fields as brief.json, documented there), never live
Python objects, so the sandbox has nothing to reach through. Helpers that emit markup
(`cite`, `lead`, `quote_md`, ...) escape the text they are given and return
`MarkdownSafe`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Callable

from briefing.analyse.lede import who_did_what_end
from briefing.write import speakers
from briefing.write.layout import MarkdownSafe, escape_markdown
from briefing.write.sandbox import Deferred

_URL = re.compile(r"^https?://[^\s()<>]+$")


def drop_keys(data: dict[str, Any]) -> list[str]:
    """Everything a page limit may drop, least useful first: timeline rows from the
    oldest, set-aside rows, who's who, section keywords, then quotes and points, each
    from the weakest upwards; a section's best point goes after every other point, and
    the bottom line goes last of all. Keys name items in brief.json ("event:<n>",
    "set_aside:<id>", "whos_who:", "keywords:<section>", "quote:<id>", "point:<id>")."""
    quotes = sorted(data["quotes"], key=lambda q: (q["speaker"] is not None, q["role"] is not None, len(q["text"]), q["id"]))
    leads = {p["id"] for p in data["key_points"]}
    points: list[tuple[bool, int, float, str]] = []
    for s in data["sections"]:
        for rank, p in enumerate(s["points"]):
            points.append((p["id"] in leads, -rank, p["score"], p["id"]))
    points.sort()
    events = [f"event:{i}" for i in range(len(data.get("timeline", [])))]
    asides = [f"set_aside:{a['id']}" for a in reversed(data["articles"]) if a["status"] != "used"]
    keywords = [f"keywords:{s['id']}" for s in reversed(data["sections"]) if s["keywords"]]
    return (
        events
        + asides
        + ["whos_who:"]
        + keywords
        + [f"quote:{q['id']}" for q in quotes]
        + [f"point:{pid}" for *_, pid in points]
    )


def item_texts(data: dict[str, Any], keys: list[str]) -> list[str]:
    """The text each `drop_keys` key stands for ("\0", which no page shows, if none).

    Items are looked up by id in one index: finding each key's item by scanning the
    brief was quadratic (every quote of a 10,000-article week against every other)."""
    texts: dict[str, str] = {}
    for i, e in enumerate(data.get("timeline", [])):
        texts[f"event:{i}"] = str(e["text"])
    for a in data["articles"]:
        texts.setdefault(f"set_aside:{a['id']}", str(a["reason"] or ""))
    texts["whos_who:"] = "Who's who"
    for s in data["sections"]:
        texts.setdefault(f"keywords:{s['id']}", ", ".join(k["text"] for k in s["keywords"]))
    for q in data["quotes"]:
        # As `quote_lines` prints it: the carrying sentence, or the quote less the comma
        # that hands it to its speaker.
        texts.setdefault(f"quote:{q['id']}", str(q["context"]["text"] if q.get("context") else q["text"].rstrip().removesuffix(",")))
    for s in data["sections"]:
        for p in s["points"]:
            texts.setdefault(f"point:{p['id']}", p["text"])
    return [texts.get(k, "\0") for k in keys]


def _without(data: dict[str, Any], drop: frozenset[str]) -> dict[str, Any]:
    if not drop:
        return data
    sections = []
    for s in data["sections"]:
        # A point dropped takes the section's weaker points with it, so the next one
        # does not step into its place (a page shows a section's first points).
        cut = next((i for i, p in enumerate(s["points"]) if f"point:{p['id']}" in drop), len(s["points"]))
        leads = {p["id"] for p in data["key_points"] if f"point:{p['id']}" not in drop}
        points = [p for i, p in enumerate(s["points"]) if i < cut or p["id"] in leads]
        quotes = [q for q in s["quotes"] if f"quote:{q}" not in drop]
        # A quote stays only while its section does: alone it is out of context.
        if s["points"] and not points:
            quotes = []
        keywords = [] if f"keywords:{s['id']}" in drop else s["keywords"]
        sections.append(dict(s, points=points, quotes=quotes, keywords=keywords))
    kept_quotes = {q for s in sections for q in s["quotes"]}
    return dict(
        data,
        sections=sections,
        key_points=[p for p in data["key_points"] if f"point:{p['id']}" not in drop],
        quotes=[q for q in data["quotes"] if q["id"] in kept_quotes or (q["section"] is None and f"quote:{q['id']}" not in drop)],
        timeline=[e for i, e in enumerate(data.get("timeline", [])) if f"event:{i}" not in drop],
        articles=[a for a in data["articles"] if f"set_aside:{a['id']}" not in drop],
        hide_whos_who="whos_who:" in drop,
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


# A speaker heading names a person or a body; "a June 16 NBC report", "a video posted
# online" is where the words were read, a source.
_PUBLICATION = re.compile(
    r"\b(?:report|reports|video|videos|article|story|stories|publication|post|posts|broadcast|"
    r"footage|survey|poll|study|editorial|column|op-ed|tweet|readout|transcript|document|"
    r"filing|interview|podcast|documentary|book|paper|memo|cable|clip)$",
    re.I,
)


# The points a document shows of a section at most (the base template's max_points).
SHOWN_POINTS = 8


def _speaker_shown(q: dict[str, Any]) -> bool:
    """Whether a quote may be credited to its speaker on the page: a person or a body,
    not a publication; a question with no cue of its own is the article's, not the
    next speaker's."""
    speaker = q["speaker"]
    if not speaker or _PUBLICATION.search(speaker.strip().rstrip(".")):
        return False
    return not (q["text"].rstrip().endswith("?") and not q.get("cue"))


def first_whole_quote(quotes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first of `quotes` that is a whole sentence (no carrying context) from a
    speaker the page may credit; none if there is none. A template loop finding it
    went on through every quote of the week (thousands), once per page-limit attempt."""
    return next((q for q in quotes if "context" in q and q["context"] is None and _speaker_shown(q)), None)


def _spans_by_article(points: list[dict[str, Any]]) -> dict[str, list[tuple[int, int]]]:
    """The character spans of `points`, by article: a quote is checked against its own
    article's points only (scanning every point for every quote was quadratic)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for p in points:
        spans.setdefault(p["article"], []).append((p["start"], p["end"]))
    return spans


def _overlapping(q: dict[str, Any], spans: dict[str, list[tuple[int, int]]]) -> bool:
    return any(start < q["end"] and q["start"] < end for start, end in spans.get(q["article"], ()))


def _shown_once(quotes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each sentence once: a quote inside another's context sentence ("“A good outcome
    ...,” she said, and “the resumption of ...”") is shown there, not again alone, and
    of two quotes shown in the same sentence the first is."""
    contexts: dict[str, list[tuple[int, int]]] = {}
    for q in quotes.values():
        if q.get("context"):
            contexts.setdefault(q["article"], []).append((q["context"]["start"], q["context"]["end"]))
    out: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, int, int]] = set()
    for qid, q in quotes.items():
        if q.get("context"):
            key = (q["article"], q["context"]["start"], q["context"]["end"])
            if key in seen:
                continue
            seen.add(key)
        elif any(start <= q["start"] and q["end"] <= end for start, end in contexts.get(q["article"], ())):
            continue
        out[qid] = q
    return out


def source_title(a: dict[str, Any]) -> str | None:
    """An article's headline; for a page without one, its first words, as a reader
    would recognise it."""
    if a.get("title"):
        return str(a["title"])
    return f"“{a['opening']}” (no headline)" if a.get("opening") else None


def source_name(a: dict[str, Any]) -> str:
    """How a reader names an article: outlet and headline, the headline alone, or the
    outlet alone; never its file."""
    title, outlet = source_title(a), a.get("outlet")
    if title and outlet:
        return f"{outlet}: {title}"
    return str(title or outlet or "Untitled article")


def source_date(a: dict[str, Any]) -> str:
    """An article's date as a sources table shows it: the long form, "undated", or the
    page's own date where its text contradicts it."""
    if a.get("date"):
        return long_date(a["date"])
    if a.get("page_date"):
        return f"undated (the page's {long_date(a['page_date'])} is contradicted by its text)"
    return "undated"


# Up to this many set-aside articles a document lists each; past it, a count per reason
# with its first few (brief.json keeps every row with its reason).
SET_ASIDE_LISTED = 12
SET_ASIDE_EXAMPLES = 3
WHOS_WHO_SHOWN = 60
_DATED = re.compile(r"^dated \d{4}-\d{2}-\d{2}, ")


def _set_aside(articles: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The set-aside rows a document may show, and their groups by reason: every row
    when there are few; otherwise only each reason's first examples, so a folder of a
    thousand off-topic articles costs a few lines, not fifty pages.

    Each group: reason (the date of a "dated …, outside the window" reason left out, so
    they are one reason), status, count, examples (rows), more (count not shown)."""
    rows = [a for a in articles if a["status"] != "used"]
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for a in rows:
        reason = _DATED.sub("dated ", a["reason"] or "no reason given")
        group = groups.setdefault((a["status"], reason), {"reason": reason, "status": a["status"], "count": 0, "examples": []})
        group["count"] += 1
        # Stories appended to one page are named by that page: one example says it.
        if len(group["examples"]) < SET_ASIDE_EXAMPLES and not any(
            a.get("parent") and e.get("parent") == a["parent"] for e in group["examples"]
        ):
            group["examples"].append(a)
    listed = sorted(groups.values(), key=lambda g: (-g["count"], g["status"], g["reason"]))
    for g in listed:
        g["more"] = g["count"] - len(g["examples"])
    if len(rows) <= SET_ASIDE_LISTED:
        return rows, listed
    shown = {a["id"] for g in listed for a in g["examples"]}
    return [a for a in rows if a["id"] in shown], listed


class LazyList(Deferred, Sequence[Any]):
    """A deferred list that Python code reading a context (tests, benchmarks) can use
    as the list; a template sees the list itself (see `sandbox.Deferred`)."""

    __slots__ = ()

    def __len__(self) -> int:
        return len(self.get())

    def __getitem__(self, index: Any) -> Any:
        return self.get()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.get())

    def __eq__(self, other: object) -> bool:
        return bool(self.get() == (other.get() if isinstance(other, LazyList) else other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyList({self.get()!r})"


def _whos_who(data: dict[str, Any], quotes_by_id: dict[str, dict[str, Any]]) -> tuple[LazyList, Deferred]:
    """Who's who as shown (the speakers quoted most) and its full count, computed when
    a template first reads either: a page-limit search renders a template many times,
    and the shipped principal's page never shows it."""

    def everyone() -> list[dict[str, Any]]:
        if data.get("hide_whos_who"):
            return []
        credited = [q for q in quotes_by_id.values() if _speaker_shown(q)]
        return speakers.whos_who(credited, {a["id"]: i for i, a in enumerate(data["articles"])})

    rows = Deferred(everyone)
    return LazyList(lambda: rows.get()[:WHOS_WHO_SHOWN]), Deferred(lambda: len(rows.get()))


def template_context(data: dict[str, Any], drop: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The variables and helpers every template gets.

    Args:
        data: the brief as brief.json data.
        drop: keys from `drop_keys` to leave out (page-limit trimming).
    """
    set_aside_total = sum(1 for a in data["articles"] if a["status"] != "used")
    data = _without(data, drop)
    used = [a for a in data["articles"] if a["status"] == "used"]
    # Cited articles are numbered first, so citations stay small numbers and a source
    # table can list just what the brief cites: a week of 10,000 articles would
    # otherwise print a thousand pages of index (brief.json lists every article).
    cited = _cited(data)
    used.sort(key=lambda a: a["id"] not in cited)
    sources = [dict(a, n=i + 1, cited=a["id"] in cited, name=source_name(a)) for i, a in enumerate(used)]
    number = {a["id"]: a["n"] for a in sources}
    by_id = {a["id"]: a for a in data["articles"]}
    # A sentence appears once per document: a quote inside a point shown is not shown
    # again as a quote.
    shown_points = data["key_points"] + [p for s in data["sections"] for p in s["points"][:SHOWN_POINTS]]
    shown_spans = _spans_by_article(shown_points)
    quotes_by_id = {q["id"]: q for q in data["quotes"] if not _overlapping(q, shown_spans)}
    quotes_by_id = _shown_once(quotes_by_id)

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
        """The part that says who did what in bold (see `lede.who_did_what_end`); the
        sentence without bold when no such part opens it."""
        end = who_did_what_end(text)
        if not end:
            return MarkdownSafe(escape_markdown(text))
        return MarkdownSafe(f"**{escape_markdown(text[:end])}**{escape_markdown(text[end:])}")

    def quote_md(text: str) -> MarkdownSafe:
        """A quote as block-quote lines; a quote running over several paragraphs keeps
        its paragraph breaks."""
        # The comma that hands over to "he said" is the sentence's, not the speaker's.
        paras = [p for p in re.split(r"\n\s*\n|\n", text.rstrip().removesuffix(",")) if p.strip()]
        return MarkdownSafe("\n>\n".join(f"> {escape_markdown(p)}" for p in paras) or "> ")

    def quote_lines(q: dict[str, Any]) -> MarkdownSafe:
        """A quote as block-quote lines: the quote itself when it is a whole sentence,
        otherwise the sentence that carries it (verbatim), so no fragment stands alone."""
        context = q.get("context")
        return quote_md(context["text"] if context else q["text"])

    def outlets(p: dict[str, Any]) -> MarkdownSafe:
        """Corroboration where it informs: " *(3 outlets)*" for a point several outlets
        carried, nothing for a single source (most points are)."""
        n = len(set(p.get("outlets") or ()))
        return MarkdownSafe(f" *({n} outlets)*" if n > 1 else "")

    def toml(value: Any) -> MarkdownSafe:
        return MarkdownSafe(json.dumps(value, ensure_ascii=False))

    def section_quotes(section: dict[str, Any]) -> list[dict[str, Any]]:
        """The section's quotes, less those already shown as (part of) a point."""
        return [quotes_by_id[q] for q in section["quotes"] if q in quotes_by_id]

    def pick_sections(ids: list[str]) -> list[dict[str, Any]]:
        by_id = {s["id"]: s for s in data["sections"]}
        return [by_id[i] for i in ids if i in by_id]

    whos_who, whos_who_total = _whos_who(data, quotes_by_id)

    undated = sum(1 for a in used if not a["date"])
    start, end = data["period"]["start"], data["period"]["end"]
    if not start:
        period = "undated articles"
    elif start == end:
        period = long_date(start)
    else:
        period = f"{long_date(start)} – {long_date(end)}"
    if start and undated:
        period += f" ({undated} of {len(used)} sources undated)"

    helpers: dict[str, Callable[..., Any]] = {
        "cite": cite,
        "anchor": anchor,
        "link": link,
        "lead": lead,
        "quote_md": quote_md,
        "quote_lines": quote_lines,
        "outlets": outlets,
        "toml": toml,
        "long_date": long_date,
        "section_quotes": section_quotes,
        "pick_sections": pick_sections,
        "credited": _speaker_shown,
        "first_whole_quote": first_whole_quote,
        "source_title": lambda a: source_title(a) or "Untitled article",
        "source_date": source_date,
        # Membership tests against a set: `a.id in some_list` inside a loop over the
        # sources is quadratic (a large week cites thousands of articles).
        "id_set": frozenset,
        "source_name": lambda article_id: source_name(by_id[article_id]) if article_id in by_id else "",
    }
    set_aside, set_aside_groups = _set_aside(data["articles"])
    return {
        "brief": data,
        "sources": sources,
        # The speakers quoted most; a week of 10,000 articles quotes tens of thousands
        # of people, and brief.json lists every quote.
        "whos_who": whos_who,
        "whos_who_total": whos_who_total,
        "set_aside": set_aside,
        "set_aside_groups": set_aside_groups,
        "set_aside_total": set_aside_total,
        "as_of": long_date(data["as_of"]),
        "period": period,
        "shown_quotes": [q for q in data["quotes"] if q["id"] in quotes_by_id],
        **helpers,
    }
