"""`Brief` to plain data: the brief.json audit trail, and the same data templates see.

Field names follow the brief contract (schema_version, articles, sections, quotes with
text/speaker/role/section/article/start/end); everything else is additive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
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


# Pieces of JSON text gathered before one write.
_CHUNK = 1 << 16


def dump(data: dict[str, Any], fh: BinaryIO) -> None:
    """`dumps(data)` encoded as UTF-8, written to `fh` as it is serialised: the same
    bytes, without the whole text and then its bytes in memory at once (for 10,000
    articles, two copies of a hundred megabytes)."""
    pending: list[str] = []
    size = 0
    for piece in _pieces(data):
        pending.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            fh.write("".join(pending).encode("utf-8"))
            pending, size = [], 0
    pending.append("\n")
    fh.write("".join(pending).encode("utf-8"))


def _pieces(data: Any) -> Iterator[str]:
    """The text of `json.dumps(data, ensure_ascii=False, indent=2)`, in pieces.

    With an indent the standard library encodes in Python, a generator per container
    yielding a piece per token. Here a container of plain values (no list or dict in
    it: most of brief.json's, an article's sections, a point's parts) is written by
    the C encoder, whose item separator carries the newline and the indent of its
    depth; only the brackets around it, and containers holding containers, are
    written in Python."""
    if c_make_encoder is None:
        yield from json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data)
        return
    yield from _Indented().pieces(data)


def _not_serialisable(o: Any) -> Any:
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


# Values the C encoder writes exactly as the Python one: exact types only (a subclass
# takes the general path, as `json` treats it).
_PLAIN = frozenset({str, int, float, bool, type(None)})
_INDENT = "  "


class _Indented:
    def __init__(self) -> None:
        self.flat: dict[int, Any] = {}
        self.markers: set[int] = set()

    def _flat_encoder(self, level: int) -> Any:
        enc = self.flat.get(level)
        if enc is None:
            sep = ",\n" + _INDENT * (level + 1)
            enc = self.flat[level] = c_make_encoder(None, _not_serialisable, encode_basestring, None, ": ", sep, False, False, True)
        return enc

    def pieces(self, o: Any, level: int = 0) -> Iterator[str]:
        kind = type(o)
        if kind is dict or kind is list or kind is tuple or isinstance(o, (dict, list, tuple)):
            if not o:
                yield "{}" if isinstance(o, dict) else "[]"
                return
            values = o.values() if isinstance(o, dict) else o
            if all(type(v) in _PLAIN for v in values) and (not isinstance(o, dict) or all(type(k) is str for k in o)):
                # "[" item ",\n  " item ... "]" from C, opened and closed as with an indent.
                text = "".join(self._flat_encoder(level)(o, level))
                yield text[0] + "\n" + _INDENT * (level + 1) + text[1:-1] + "\n" + _INDENT * level + text[-1]
                return
            yield from self._nested(o, level)
            return
        yield _scalar(o)

    def _nested(self, o: Any, level: int) -> Iterator[str]:
        if id(o) in self.markers:
            raise ValueError("Circular reference detected")
        self.markers.add(id(o))
        inner = "\n" + _INDENT * (level + 1)
        sep = "," + inner
        if isinstance(o, dict):
            yield "{" + inner
            first = True
            for key, value in o.items():
                head = ("" if first else sep) + encode_basestring(_key(key)) + ": "
                first = False
                if type(value) in _PLAIN:
                    yield head + _scalar(value)
                else:
                    yield head
                    yield from self.pieces(value, level + 1)
            yield "\n" + _INDENT * level + "}"
        else:
            yield "[" + inner
            for k, value in enumerate(o):
                if k:
                    yield sep
                yield from self.pieces(value, level + 1)
            yield "\n" + _INDENT * level + "]"
        self.markers.discard(id(o))


def _scalar(o: Any) -> str:
    if isinstance(o, str):
        return encode_basestring(o)  # type: ignore[no-any-return]
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    return _not_serialisable(o)  # type: ignore[no-any-return]


def _float(o: float) -> str:
    # As `json`: NaN and the infinities by their JavaScript names.
    if o != o:
        return "NaN"
    if o == float("inf"):
        return "Infinity"
    if o == -float("inf"):
        return "-Infinity"
    return float.__repr__(o)


def _key(key: Any) -> str:
    """A dict key as `json` writes it (skipkeys off: other types are an error)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
