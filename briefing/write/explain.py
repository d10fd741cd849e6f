"""`briefing explain ID`: why a point or quote is in the brief, and where it came from.
A brief.json and an id in, a few lines of plain text out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefing.errors import InputError


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such brief.json (build one first)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: not a readable brief.json ({err.__class__.__name__})") from None
    if not isinstance(data, dict) or "sections" not in data or "articles" not in data:
        raise InputError(f"{path}: not a brief.json (no sections or articles)")
    return data


def explain(path: Path, item_id: str) -> str:
    """The explanation of point or quote `item_id` in the brief at `path`."""
    data = _load(path)
    articles = {a["id"]: a for a in data["articles"]}

    def source(article_id: str, start: int, end: int) -> str:
        a = articles.get(article_id, {})
        where = f"{a.get('source')} characters {start}–{end}"
        meta = ", ".join(x for x in (a.get("title"), a.get("outlet"), a.get("date")) if x)
        return f"  from:    {article_id} {where}" + (f"\n           {meta}" if meta else "")

    for section in data["sections"]:
        for rank, p in enumerate(section["points"], 1):
            if p["id"] != item_id:
                continue
            parts = ", ".join(f"{k} {v:.2f}" for k, v in p["score_parts"].items())
            outlets = p["outlets"]
            lines = [
                f"point {item_id}: “{p['text']}”",
                f"  section: {section['id']} ({section['title']}), rank {rank} of {len(section['points'])}",
                f"  rule:    {p['rule']} (a term of this taxonomy rule is in the sentence, with the context it requires)",
                f"  score:   {p['score']:.3f} = weighted sum of {parts}",
                f"  carried: {len(outlets)} outlet(s): {', '.join(outlets)}" + (" (single source)" if len(outlets) <= 1 else ""),
                source(p["article"], p["start"], p["end"]),
            ]
            if p.get("status"):
                lines.insert(2, f"  status:  {p['status']} since the previous brief")
            return "\n".join(lines)
    for q in data["quotes"]:
        if q["id"] != item_id:
            continue
        who = q["speaker"] or "unattributed"
        lines = [
            f"quote {item_id}: “{q['text']}”",
            f"  speaker: {who}" + (f", {q['role']}" if q["role"] else "") + (f" (attributed by “{q['cue']}”)" if q.get("cue") else ""),
            f"  section: {q['section']} (the section its paragraph is about)",
            source(q["article"], q["start"], q["end"]),
        ]
        return "\n".join(lines)
    known = [p["id"] for s in data["sections"] for p in s["points"]][:3] + [q["id"] for q in data["quotes"]][:2]
    raise InputError(f"{path}: no point or quote with id {item_id!r} (ids look like {', '.join(known)})")
