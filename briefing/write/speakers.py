"""Who's who: the speakers a document credits, one row per person or body.

An article names a speaker in more than one way, and a week's articles more still: "US
State department" and "US Department of State" are one body (the same words in another
order), "Tony Blinken" and "Antony Blinken" with the same role are one person (the same last
name and title, and one first name inside the other; "Li Xi" and "Wang Xi" stay two). Each such group is one row under the name most of its
quotes carry, with its quotes in the brief's order and its articles in source order.
Names are compared as written; no list of people or bodies is kept here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["whos_who"]

_WORD = re.compile(r"[\w’'-]+")
_GLUE = frozenset({"of", "the", "for", "and"})


def _words_key(name: str) -> tuple[str, ...]:
    """The name's words, folded and in order of the alphabet: "U.S. Department of
    State" and "US State department" give the same key."""
    return tuple(sorted(w for w in (x.casefold().replace(".", "") for x in _WORD.findall(name.replace(".", ""))) if w not in _GLUE))


def _person_key(name: str, role: str | None) -> tuple[str, str, str] | None:
    """Last name, role and first name, for a name of two or more words with a role."""
    words = _WORD.findall(name.casefold())
    if len(words) < 2 or not role:
        return None
    return (words[-1], " ".join(_WORD.findall(role.casefold())), words[0])


def whos_who(quotes: Iterable[dict[str, Any]], order: Mapping[str, int]) -> list[dict[str, Any]]:
    """One entry per speaker ({speaker, role, quotes, articles}), most quoted first.
    `quotes` are the credited quotes in the brief's order; `order` ranks article ids."""
    groups: dict[str, list[dict[str, Any]]] = {}
    names: dict[str, str] = {}  # name -> the group it joined
    by_words: dict[tuple[str, ...], str] = {}
    # By last name and role, the first names seen and their groups: a week quotes tens
    # of thousands of people, and a name is compared with its namesakes only.
    people: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for q in quotes:
        name = q["speaker"]
        if name not in names:
            words, person = _words_key(name), _person_key(name, q["role"])
            namesakes = people.setdefault(person[:2], []) if person else []
            first = person[2] if person else ""
            group = by_words.get(words) or next((g for f, g in namesakes if f in first or first in f), name)
            names[name] = group
            by_words.setdefault(words, group)
            namesakes.append((first, group))
        groups.setdefault(names[name], []).append(q)
    out = []
    for members in groups.values():
        count: dict[str, int] = {}
        for q in members:
            count[q["speaker"]] = count.get(q["speaker"], 0) + 1
        shown = min(count, key=lambda n: (-count[n], -len(n), n))
        role = next((q["role"] for q in members if q["speaker"] == shown and q["role"]), None)
        role = role or next((q["role"] for q in members if q["role"]), None)
        articles = sorted({q["article"] for q in members}, key=lambda a: (order.get(a, len(order)), a))
        # A description ("the senior official") heads its row as a name does.
        shown = shown[:1].upper() + shown[1:]
        out.append({"speaker": shown, "role": role, "quotes": members, "articles": articles})
    return sorted(out, key=lambda e: (-len(e["quotes"]), e["speaker"]))
