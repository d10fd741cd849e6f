"""`Brief` to plain data: the brief.json audit trail, and the same data templates see.

Field names follow the brief contract (schema_version, articles, sections, quotes with
text/speaker/role/section/article/start/end); everything else is additive.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, BinaryIO

from briefing.analyse.lede import lede_flaw
from briefing.model import ArticleRecord, Brief, Keyword, Point, Quote, Sentence

SCHEMA_VERSION = 1


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _keywords(ks: tuple[Keyword, ...]) -> list[dict[str, Any]]:
    return [{"text": k.text, "score": k.score} for k in ks]


def _span(s: Sentence | None) -> dict[str, Any] | None:
    return {"text": s.text, "start": s.start, "end": s.end} if s else None


def point_to_dict(p: Point, article_date: date | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.sentence_id,
        "text": p.text,
        "article": p.article,
        "start": p.start,
        "end": p.end,
        "rule": p.rule,
        "score": p.score,
        "score_parts": dict(p.score_parts),
        "outlets": list(p.outlets),
        "single_source": len(p.outlets) <= 1,
        # Whose claim the point is, when the next sentence says so (shown with it).
        "attribution": _span(p.attribution),
        # Whether it reads as a lede (who did what), so may lead a page.
        "lede": p.attribution is None and lede_flaw(p.text, article_date) is None,
    }
    if p.status:
        out["status"] = p.status
    return out


def quote_to_dict(q: Quote) -> dict[str, Any]:
    return {
        "id": f"{q.article}.q{q.start}",
        "text": q.text,
        "speaker": q.speaker,
        "role": q.role,
        "speaker_kind": q.speaker_kind,
        "cue": q.cue,
        "section": q.section,
        "article": q.article,
        "start": q.start,
        "end": q.end,
        # The sentence around a quote that is not a whole sentence, to show it inline.
        "context": _span(q.context),
    }


def article_to_dict(a: ArticleRecord) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet,
        "date": _iso(a.date),
        "undated": a.date is None and a.status != "skipped",
        "page_date": _iso(a.page_date),
        "opening": a.opening,
        "url": a.url,
        "status": a.status,
        "reason": a.reason,
        "sections": list(a.sections),
        "parent": a.parent,
        "span": list(a.span) if a.span else None,
        "metadata_origins": dict(a.origins),
    }


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    dated = {a.id: a.date for a in brief.articles}
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "title": brief.title,
        "as_of": _iso(brief.as_of),
        "period": {"start": _iso(brief.period_start), "end": _iso(brief.period_end)},
        "key_points": [point_to_dict(p, dated.get(p.article)) for p in brief.key_points],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "status": s.status,
                "keywords": _keywords(s.keywords),
                "articles": list(s.articles),
                "points": [point_to_dict(p, dated.get(p.article)) for p in s.points],
                "quotes": [f"{q.article}.q{q.start}" for q in s.quotes],
            }
            for s in brief.sections
        ],
        "quotes": [quote_to_dict(q) for q in brief.quotes],
        "articles": [article_to_dict(a) for a in brief.articles],
        # Filled per audience by the page-limit step: {"principal": ["point:a01.p3.s1", …]}.
        "dropped": {},
    }
    for key, value in brief.extras:
        data[key] = value
    return data


def dumps(data: dict[str, Any]) -> str:
    """Stable JSON text: the same brief always gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Pieces of JSON text gathered before one write: the encoder yields a piece per token.
_CHUNK = 1 << 16


def dump(data: dict[str, Any], fh: BinaryIO) -> None:
    """`dumps(data)` encoded as UTF-8, written to `fh` as it is serialised: the same
    bytes, without the whole text and then its bytes in memory at once (for 10,000
    articles, two copies of a hundred megabytes)."""
    pending: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        pending.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            fh.write("".join(pending).encode("utf-8"))
            pending, size = [], 0
    pending.append("\n")
    fh.write("".join(pending).encode("utf-8"))
