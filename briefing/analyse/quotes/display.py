"""How a resolved speaker is shown: the name a body's acronym stands for, and the speaker
and role tidied of what is not theirs (a relative clause, a quote's tail).

In: the article text, or a speaker, role and kind from `names.resolve`. Out: strings.
"""

from __future__ import annotations

import re

from briefing.analyse.quotes.marks import UP

__all__ = ["acronyms", "tidy"]


# A body's name with its acronym in parentheses: "U.S. Indo-Pacific Command (USINDOPACOM)",
# "the Department of Justice (DOJ)".
_ACRONYM_DEF_RE = re.compile(
    rf"((?:[{UP}][\w.’'-]*|of|the|for|and|on)(?:\s+(?:[{UP}][\w.’'-]*|of|the|for|and|on)){{1,7}})\s+\(([{UP}]{{2,12}})\)"
)


_PARENS_RE = re.compile(rf"\([{UP}]{{2,12}}\)")
# The most words a definition's name holds (the pattern's first word and seven more).
_NAME_WORDS = 8


def _definitions(text: str) -> list[re.Match[str]]:
    """What `_ACRONYM_DEF_RE.finditer(text)` finds, read only before each "(ACRONYM)".

    Tried at every capital of an article, the pattern reads the words after it, most
    often in vain. A match ends at the first "(" after its words, so it is looked for
    only from the eighth whitespace-separated chunk before each "(ACRONYM)" (a match's
    words are eight at most, each inside one chunk), and never before the last match.
    """
    out: list[re.Match[str]] = []
    pos = 0
    for paren in _PARENS_RE.finditer(text):
        p = paren.start()
        if p <= pos or not text[p - 1].isspace():
            continue  # inside the last match, or no space before the "(": no match ends here
        i = p
        for _ in range(_NAME_WORDS + 1):
            while i > pos and text[i - 1].isspace():
                i -= 1
            while i > pos and not text[i - 1].isspace():
                i -= 1
        m = _ACRONYM_DEF_RE.search(text, i, paren.end())
        if m:
            out.append(m)
            pos = m.end()
    return out


def acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines, mapped to the name it gives them ("DOJ" -> "Department
    of Justice"): the capitalised run before "(ACRONYM)" that starts with its letter."""
    found: dict[str, str] = {}
    for m in _definitions(text):
        words = m.group(1).split()
        acro = m.group(2)
        while words and (words[0].lower() in ("of", "the", "for", "and", "on") or words[0][0] != acro[0]):
            words.pop(0)
        if len(words) >= 2 and words[-1].lower() not in ("of", "the", "for", "and", "on"):
            found.setdefault(acro, " ".join(words))
    return found


# A role is the article's words for a position: never a quote's tail, a relative clause,
# or an adjective of a body ("the official Xinhua News Agency").
_ROLE_CUT_RE = re.compile(r"^.*[\"“”„«»]\s*,?\s*|^.*,\s+(?=\S)")
_BODY_ADJECTIVES = frozenset("official state state-run state-owned semi-official government-run government".split())
_CLAUSE_RE = re.compile(r",?\s+(?:who|which|whose|that)\b.*$")
_POSSESSIVE_RE = re.compile(r"[’']s?$")


def tidy(speaker: str | None, role: str | None, kind: str | None) -> tuple[str | None, str | None]:
    """The speaker and role as a reader should see them: no relative clause or trailing
    possessive on the name ("the senior official, who" -> "the senior official"), no
    stray quote punctuation in the role, no role that is only an adjective of a body."""
    if speaker:
        speaker = _POSSESSIVE_RE.sub("", _CLAUSE_RE.sub("", speaker)).strip(" ,;:") or None
    if speaker and kind == "body" and speaker[:4].lower() == "the " and speaker[4:5].isupper():
        speaker = speaker[4:]  # a named body as it is listed: "US Department of State"
    if role:
        role = _ROLE_CUT_RE.sub("", role).strip(" ,;:\"“”") or None
        if role and kind != "person" and role.lower() in _BODY_ADJECTIVES:
            role = None
    return speaker, role
