"""Cleaning: which parts of a document's body are the story, and which are site chrome.

In: a `Document` (its `text` from `body_start` on) and `CleanRules` (data, from
`briefing/data/clean_rules.toml` unless the user gives a file). Out: a `Cleaned` whose
`items` hold the kept paragraph spans of each story (item 0 the article itself, items
1, 2, … unrelated stories the site appended) and whose `removed` spans name the rule that
took each one out. Cleaning never rewrites text: every span indexes `Document.text`.

Three kinds of decision, in order:
1. line rules (data): share buttons, subscribe boxes, breadcrumbs, photo credits and
   captions…; prefix rules cut a dateline ("WASHINGTON (Reuters) –") or a page-store
   stamp from the start of a line, so the story's first sentence starts at its subject;
2. structural detectors: subscriber testimonials (quoted blurb / "Name, Org" line runs),
   appended stories (headline printed twice, or a " | "-tagged headline over a text that
   shares few words with the article);
3. repeated lines (a headline or caption printed twice): only the first is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefing.config import read_toml
from briefing.errors import ConfigError
from briefing.read.metadata import headline_text, looks_like_headline
from briefing.model import Cleaned, Document, Item, Removed, Span

DEFAULT_RULES = Path(__file__).resolve().parents[1] / "data" / "clean_rules.toml"


# ---------------------------------------------------------------- rules as data
@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    action: str  # "drop_line" | "drop_rest" | "trim_prefix"
    where: str  # "any" | "head" | "tail"
    patterns: tuple[re.Pattern[str], ...]
    max_words: int | None = None  # overrides limits.max_line_words (captions run long)


@dataclass(frozen=True, slots=True)
class CleanRules:
    rules: tuple[Rule, ...]
    max_line_words: int = 25
    edge_lines: int = 8
    tail_fraction: float = 0.5
    duplicate_min_words: int = 4
    testimonial_min_run: int = 2
    testimonial_certain_run: int = 3
    testimonial_max_attribution_words: int = 16
    testimonial_max_attribution_lines: int = 2
    testimonial_min_quote_chars: int = 20
    appended_min_main_lines: int = 3
    appended_max_overlap: float = 0.35
    appended_min_body_chars: int = 120
    source: str = field(default="built-in rules")


_TOP_KEYS = {"version", "inherit", "limits", "testimonials", "appended", "rules"}
_SECTION_KEYS: dict[str, dict[str, str]] = {
    "limits": {
        "max_line_words": "max_line_words",
        "edge_lines": "edge_lines",
        "tail_fraction": "tail_fraction",
        "duplicate_min_words": "duplicate_min_words",
    },
    "testimonials": {
        "min_run": "testimonial_min_run",
        "certain_run": "testimonial_certain_run",
        "max_attribution_words": "testimonial_max_attribution_words",
        "max_attribution_lines": "testimonial_max_attribution_lines",
        "min_quote_chars": "testimonial_min_quote_chars",
    },
    "appended": {
        "min_main_lines": "appended_min_main_lines",
        "max_overlap": "appended_max_overlap",
        "min_body_chars": "appended_min_body_chars",
    },
}
_RULE_KEYS = {"name", "action", "where", "patterns", "max_words"}
_ACTIONS = {"drop_line", "drop_rest", "trim_prefix", "drop_with_caption"}
_WHERES = {"any", "head", "tail"}


def load_rules(path: Path | None = None) -> CleanRules:
    """Read cleaning rules from TOML. Unknown keys, bad values or bad regexes raise
    `ConfigError` naming the file and the key, so a typo never silently disables a rule."""
    if path is None:
        return _default_rules()
    return _load(Path(path), inherit_from=_default_rules())


@lru_cache(maxsize=1)
def _default_rules() -> CleanRules:
    return _load(DEFAULT_RULES, inherit_from=None)


def _load(path: Path, inherit_from: CleanRules | None) -> CleanRules:
    name = path.name
    data = read_toml(path, "cleaning rules")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"{name}: unknown key {sorted(unknown)[0]!r} in cleaning rules")
    inherit = data.get("inherit", False)
    if not isinstance(inherit, bool):
        raise ConfigError(f"{name}: 'inherit' must be true or false")
    base = inherit_from if (inherit and inherit_from is not None) else None
    values: dict[str, object] = {}
    if base is not None:
        for section in _SECTION_KEYS.values():
            for attr in section.values():
                values[attr] = getattr(base, attr)
    for section, keys in _SECTION_KEYS.items():
        table = data.get(section, {})
        if not isinstance(table, Mapping):
            raise ConfigError(f"{name}: [{section}] must be a table")
        for key, value in table.items():
            if key not in keys:
                raise ConfigError(f"{name}: unknown key {key!r} in [{section}]")
            default = getattr(CleanRules, "__dataclass_fields__")[keys[key]].default
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{name}: [{section}] {key} must be a number")
            if isinstance(default, int) and not isinstance(value, int):
                raise ConfigError(f"{name}: [{section}] {key} must be a whole number")
            if value < 0:
                raise ConfigError(f"{name}: [{section}] {key} must not be negative")
            values[keys[key]] = value
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise ConfigError(f"{name}: 'rules' must be an array of tables ([[rules]])")
    rules: list[Rule] = [_parse_rule(name, i, raw) for i, raw in enumerate(raw_rules, 1)]
    if base is not None:
        own = {r.name for r in rules}
        rules = [r for r in base.rules if r.name not in own] + rules
    return CleanRules(rules=tuple(rules), source=name, **values)  # type: ignore[arg-type]


def _parse_rule(file: str, index: int, raw: object) -> Rule:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{file}: rule {index} must be a table")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ConfigError(f"{file}: unknown key {sorted(unknown)[0]!r} in rule {index}")
    rname = raw.get("name")
    if not isinstance(rname, str) or not rname.strip():
        raise ConfigError(f"{file}: rule {index} needs a name")
    action = raw.get("action", "drop_line")
    if action not in _ACTIONS:
        raise ConfigError(f"{file}: rule {rname!r}: action must be one of {sorted(_ACTIONS)}")
    where = raw.get("where", "any")
    if where not in _WHERES:
        raise ConfigError(f"{file}: rule {rname!r}: where must be one of {sorted(_WHERES)}")
    patterns = raw.get("patterns", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"{file}: rule {rname!r}: patterns must be a list of strings")
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p, re.IGNORECASE))
        except re.error as exc:
            raise ConfigError(f"{file}: rule {rname!r}: bad pattern {p!r} ({exc})") from None
    max_words = raw.get("max_words")
    if max_words is not None and (isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1):
        raise ConfigError(f"{file}: rule {rname!r}: max_words must be a whole number of at least 1")
    return Rule(name=rname, action=action, where=where, patterns=tuple(compiled), max_words=max_words)


# ---------------------------------------------------------------- lines
@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # stripped of surrounding whitespace
    end: int
    text: str
    group: int  # blank-line-separated group number


def _lines(text: str, start: int) -> list[_Line]:
    out: list[_Line] = []
    group = 0
    pos = start
    n = len(text)
    blank_run = False
    while pos <= n:
        nl = text.find("\n", pos)
        if nl == -1:
            nl = n
        raw = text[pos:nl]
        stripped = raw.strip()
        if stripped:
            if blank_run and out:
                group += 1
            lead = len(raw) - len(raw.lstrip())
            s = pos + lead
            e = s + len(stripped)
            out.append(_Line(s, e, stripped, group))
            blank_run = False
        else:
            blank_run = True
        pos = nl + 1
    return out


_WS = re.compile(r"\s+")
_QUOTE_CHARS = "\"'“”‘’«»„「」『』"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _words(text: str) -> int:
    return len(text.split())


# ---------------------------------------------------------------- entry point
def clean(doc: Document, rules: CleanRules | None = None) -> Cleaned:
    """Split a document's body into stories and kept paragraphs; never raises on text."""
    rules = rules or _default_rules()
    lines = _lines(doc.text, max(0, min(doc.body_start, len(doc.text))))
    removed: dict[int, str] = {}
    trimmed: list[Removed] = []
    _apply_line_rules(lines, rules, removed, trimmed)
    _find_testimonials(lines, rules, removed)
    boundaries = _find_appended(lines, rules, removed)
    _drop_repeats(lines, rules, removed)

    items: list[Item] = []
    starts = [0, *boundaries]
    ends = [*boundaries, len(lines)]
    for index, (lo, hi) in enumerate(zip(starts, ends)):
        kept = [i for i in range(lo, hi) if i not in removed]
        title, title_span, kept = _title(doc, lines, kept, index)
        items.append(Item(index=index, title=title, blocks=_blocks(lines, kept), title_span=title_span))
    spans = sorted(_merge_removed(doc.text, lines, removed) + tuple(trimmed), key=lambda r: (r.start, r.end))
    return Cleaned(items=tuple(items), removed=tuple(spans))


def is_chrome_line(line: str, rules: CleanRules | None = None) -> bool:
    """Whether a single line is site chrome by the line rules (share bar, breadcrumb…)."""
    rules = rules or _default_rules()
    text = line.strip()
    if not text or _words(text) > rules.max_line_words:
        return False
    return any(
        rule.where != "tail" and rule.action != "trim_prefix" and any(p.fullmatch(text) for p in rule.patterns)
        for rule in rules.rules
    )


# ---------------------------------------------------------------- 1. line rules
def _apply_line_rules(lines: list[_Line], rules: CleanRules, removed: dict[int, str], trimmed: list[Removed]) -> None:
    n = len(lines)
    if not n:
        return
    body_from = lines[0].start
    body_len = max(1, lines[-1].end - body_from)
    whole = [_whole_line(rule.patterns) for rule in rules.rules]
    for i in range(n):
        line = lines[i]
        words = -1  # counted once a rule needs it
        for rule, matches in zip(rules.rules, whole):
            if rule.where == "head" and i >= rules.edge_lines:
                continue
            if rule.where == "tail" and i < n - rules.edge_lines:
                continue
            if rule.action == "trim_prefix":
                _trim_prefix(lines, i, rule, trimmed)
                line, words = lines[i], -1  # the rules after it read the trimmed line
                continue
            if i in removed:
                continue
            if words < 0:
                words = _words(line.text)
            if words > (rule.max_words or rules.max_line_words):
                continue
            if not matches(line.text):
                continue
            if rule.action == "drop_rest":
                # Only the page's tail: the same words early on are a heading of the story.
                if (line.start - body_from) / body_len < rules.tail_fraction:
                    continue
                for j in range(i, n):
                    removed.setdefault(j, rule.name)
            elif rule.action == "drop_with_caption":
                removed[i] = rule.name
                # The credit's caption is the line right above it, in the same block.
                if i > 0 and lines[i - 1].group == line.group:
                    removed.setdefault(i - 1, "caption")
            else:
                removed[i] = rule.name
            break


# What would change the meaning of a pattern inside an alternation: backreferences and
# conditionals count groups, and group numbers shift once patterns are joined.
_GROUP_REFERENCE_RE = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?\(")


@lru_cache(maxsize=256)
def _whole_line(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], object]:
    """Whether one of `patterns` matches a line whole, in one match of their alternation
    where that means the same (most lines are tested against every rule, and trying a
    rule's ten patterns one by one was most of the cleaning time); else one by one."""
    if len(patterns) > 1 and len({p.flags for p in patterns}) == 1 and not any(
        _GROUP_REFERENCE_RE.search(p.pattern) for p in patterns
    ):
        try:
            return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags).fullmatch
        except re.error:  # a global inline flag, a group name used twice: one by one
            pass
    return lambda text: any(p.fullmatch(text) for p in patterns)


def _trim_prefix(lines: list[_Line], i: int, rule: Rule, trimmed: list[Removed]) -> None:
    """Cut what `rule` matches at the start of line `i` (a dateline, a stamp), when text
    is left after it; the line then starts where the story's words do."""
    line = lines[i]
    for pattern in rule.patterns:
        m = pattern.match(line.text)
        if m and 0 < m.end() < len(line.text):
            rest = line.text[m.end():]
            cut = m.end() + len(rest) - len(rest.lstrip())
            trimmed.append(Removed(line.start, line.start + cut, rule.name))
            lines[i] = _Line(line.start + cut, line.end, line.text[cut:], line.group)
            return


# ---------------------------------------------------------------- 2a. testimonials
_CAP_TOKEN = re.compile(r"\b[A-Z][A-Za-z]{2,}\b")
_COMMON_CAPS = {
    "The", "This", "That", "These", "They", "Their", "There", "What", "When", "Your", "You",
    "Its", "His", "Her", "Our", "And", "But", "For", "With", "Thank", "Very", "Prof",
    "China", "Chinese", "American", "America", "United", "States",
}  # fmt: skip


def _is_quote(text: str, min_chars: int) -> bool:
    t = text.strip()
    return (
        len(t) >= min_chars + 2
        and t[0] in _QUOTE_CHARS
        and t.rstrip()[-1] in _QUOTE_CHARS
    )


def _is_attribution(text: str, max_words: int) -> bool:
    t = text.strip()
    if not t or t[0] in _QUOTE_CHARS or len(t) > 160 or _words(t) > max_words:
        return False
    if t[-1] in ".!?" and not re.search(r"\b[A-Z][a-z]{0,3}\.$", t):
        return False
    return t[0].isalpha() and ("," in t or "–" in t or "—" in t or _words(t) <= 5)


def _find_testimonials(lines: list[_Line], rules: CleanRules, removed: dict[int, str]) -> None:
    live = [i for i in range(len(lines)) if i not in removed]
    k = 0
    while k < len(live):
        pairs: list[tuple[int, int]] = []  # (quote position, next position) in `live`
        j = k
        while j < len(live) and _is_quote(lines[live[j]].text, rules.testimonial_min_quote_chars):
            a = j + 1
            while (
                a < len(live)
                and a - j - 1 < rules.testimonial_max_attribution_lines
                and _is_attribution(lines[live[a]].text, rules.testimonial_max_attribution_words)
            ):
                a += 1
            if a == j + 1:
                break
            pairs.append((j, a))
            j = a
        if len(pairs) >= max(1, rules.testimonial_min_run) and (
            len(pairs) >= rules.testimonial_certain_run or _shared_name(lines, live, pairs)
        ):
            for pos in range(k, j):
                removed[live[pos]] = "testimonials"
            k = j
        else:
            k += 1


def _shared_name(lines: list[_Line], live: list[int], pairs: list[tuple[int, int]]) -> bool:
    """Evidence of a publication praising itself: one name repeated across the blurbs."""
    seen: dict[str, int] = {}
    for q, _ in pairs:
        for tok in set(_CAP_TOKEN.findall(lines[live[q]].text)):
            if tok not in _COMMON_CAPS:
                seen[tok.casefold()] = seen.get(tok.casefold(), 0) + 1
    return any(count >= 2 for count in seen.values())


# ---------------------------------------------------------------- 2b. appended stories
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = frozenset(
    """about above after again against also although among another because been before
    being below between both could does doing down during each either even every from
    further have having here however into itself just last least many more most much
    must near never next only other over same should since some still such than that
    their them then there these they this those through under until upon very were what
    when where which while whom whose will with within without would year years your
    said says told according reported report reports time times first second third
    people local week month today yesterday recently""".split()
)


def _content_words(text: str) -> set[str]:
    return {w for w in (m.casefold() for m in _CONTENT_WORD.findall(text)) if w not in _STOP}


def _tagged_headline(text: str) -> bool:
    return " | " in text and not text.rstrip().endswith(".") and _words(text) <= 60


def _find_appended(lines: list[_Line], rules: CleanRules, removed: dict[int, str]) -> list[int]:
    """Line indexes where an appended story starts (its headline line)."""
    live = [i for i in range(len(lines)) if i not in removed]
    if len(live) <= rules.appended_min_main_lines:
        return []
    candidates: list[tuple[int, bool]] = []  # (position in live, strong)
    pos = rules.appended_min_main_lines
    while pos < len(live) - 1:
        cur, nxt = lines[live[pos]], lines[live[pos + 1]]
        if _norm(cur.text) == _norm(nxt.text) and not cur.text.rstrip().endswith("."):
            if pos + 2 < len(live):  # a headline needs a body after it
                candidates.append((pos, True))
            pos += 2
            continue
        if _tagged_headline(cur.text):
            candidates.append((pos, False))
        pos += 1
    if not candidates:
        return []

    starts: list[int] = []
    cut_positions = [c for c, _ in candidates]
    main_end = cut_positions[0]
    main_words = _content_words(" ".join(lines[i].text for i in live[:main_end]))
    for n, (cpos, strong) in enumerate(candidates):
        stop = cut_positions[n + 1] if n + 1 < len(candidates) else len(live)
        segment = [lines[i].text for i in live[cpos:stop]]
        body = " ".join(segment[1:])
        if not strong:
            if len(body) < rules.appended_min_body_chars:
                continue
            words = _content_words(" ".join(segment))
            overlap = len(words & main_words) / len(words) if words else 1.0
            if overlap > rules.appended_max_overlap:
                continue
        starts.append(live[cpos])
        if strong:
            removed[live[cpos + 1]] = "repeated_headline"
    return starts


# ---------------------------------------------------------------- 3. repeats
def _drop_repeats(lines: list[_Line], rules: CleanRules, removed: dict[int, str]) -> None:
    seen: set[str] = set()
    prev: str | None = None
    for i, line in enumerate(lines):
        if i in removed:
            continue
        key = _norm(line.text)
        if key in seen and (key == prev or _words(line.text) >= rules.duplicate_min_words):
            removed[i] = "repeated_line"
            continue
        seen.add(key)
        prev = key


# ---------------------------------------------------------------- titles and blocks
def _title(
    doc: Document, lines: list[_Line], kept: list[int], index: int
) -> tuple[str | None, Span | None, list[int]]:
    """An item's headline: a kept line that is the document's title, or its first line
    when that looks like a headline. The headline line is the title, not a paragraph."""
    if not kept:
        return (doc.title if index == 0 else None), None, kept
    if index == 0 and doc.title:
        want = _norm(doc.title)
        for pos, i in enumerate(kept[:3]):
            if _norm(headline_text(lines[i].text)) == want or _norm(lines[i].text) == want:
                return doc.title, Span(lines[i].start, lines[i].end), kept[:pos] + kept[pos + 1 :]
        return doc.title, None, kept
    first = lines[kept[0]]
    if index > 0 or (looks_like_headline(first.text) and len(kept) > 1):
        if index > 0 or _is_heading_shaped(first.text):
            return headline_text(first.text), Span(first.start, first.end), kept[1:]
    return None, None, kept


def _is_heading_shaped(text: str) -> bool:
    t = text.strip()
    return not t.endswith((":", ".")) and not t.startswith(("-", "*", "•", "“", '"'))


_MARKER = re.compile(r"^(?:#{1,6}\s+|[-*•·▪●◦]\s+|>\s*)+")


def _is_wrapped(group: list[_Line]) -> bool:
    """Hard-wrapped prose (lines cut at a fixed width) rather than one paragraph a line."""
    if len(group) < 2:
        return False
    body = group[:-1]
    if any(not 25 <= len(ln.text) <= 100 or _MARKER.match(ln.text) for ln in body):
        return False
    if _MARKER.match(group[-1].text):
        return False
    open_ends = sum(1 for ln in body if ln.text[-1] not in ".!?:;\"”’")
    return open_ends * 2 >= len(body)


def _continues(before: str, line: str) -> bool:
    """A sentence a page broke into blocks (a linked word pasted as its own paragraph:
    "A coast guard radio operator" / "warned" / "the crews to leave"): the block before
    ends without a sentence end and this one goes on in lower case."""
    return line[0].islower() and before[-1] not in ".!?:;\"”’)]|" and not _MARKER.match(line)


def _blocks(lines: list[_Line], kept: list[int]) -> tuple[Span, ...]:
    wrapped_groups: dict[int, bool] = {}
    by_group: dict[int, list[_Line]] = {}
    for ln in lines:
        by_group.setdefault(ln.group, []).append(ln)
    out: list[Span] = []
    run_start: int | None = None
    run_end = 0
    prev: int | None = None
    for i in kept:
        ln = lines[i]
        g = ln.group
        if g not in wrapped_groups:
            wrapped_groups[g] = _is_wrapped(by_group[g])
        adjacent = run_start is not None and prev is not None and prev == i - 1
        joins = adjacent and (
            (wrapped_groups[g] and lines[prev].group == g)
            or _continues(lines[prev].text, ln.text)
        )
        if not joins:
            if run_start is not None:
                out.append(Span(run_start, run_end))
            m = _MARKER.match(ln.text)
            run_start = ln.start + (m.end() if m and m.end() < len(ln.text) else 0)
        run_end = ln.end
        prev = i
    if run_start is not None:
        out.append(Span(run_start, run_end))
    return tuple(out)


def _merge_removed(text: str, lines: list[_Line], removed: dict[int, str]) -> tuple[Removed, ...]:
    out: list[Removed] = []
    for i in sorted(removed):
        ln, rule = lines[i], removed[i]
        if out and out[-1].rule == rule and i - 1 in removed and removed[i - 1] == rule:
            last = out[-1]
            out[-1] = Removed(last.start, ln.end, rule)
        else:
            out.append(Removed(ln.start, ln.end, rule))
    return tuple(out)


def kept_text(doc: Document, item: Item) -> str:
    """An item's kept paragraphs joined by blank lines (for display and tests)."""
    return "\n\n".join(doc.text[b.start : b.end] for b in item.blocks)


__all__: Sequence[str] = ("CleanRules", "Rule", "clean", "is_chrome_line", "kept_text", "load_rules")
