"""User-editable configuration: the taxonomy TOML in, frozen dataclasses out.

Every key is validated: an unknown or mistyped key is a `ConfigError` naming the file and
the key, never silently ignored. Term lists compile to a `TermMatcher`, one regular
expression per case mode, so a whole text is scanned once whatever the number of rules.
"""

from __future__ import annotations

import re
import stat
import tomllib
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Iterator

from briefing.errors import ConfigError


def _shipped_templates() -> Path:
    """The shipped templates folder (`briefing.templates`: the repository's top-level
    `templates/` in a checkout or an editable install, `briefing/templates/` in a wheel),
    found by the import system rather than beside this file. Jinja2's loader and the
    renderers want a real folder: every install pip makes (wheel, editable, pipx) has one."""
    try:
        root = resources.files("briefing.templates")
    except ModuleNotFoundError:
        # A source checkout run without installing: the folder beside the package.
        root = Path(__file__).resolve().parent.parent / "templates"
    if not isinstance(root, Path):  # a zip import: nothing here can read from it
        raise ConfigError(f"{root}: the shipped templates must be installed as files (pip install)")
    return root


TEMPLATES_DIR = _shipped_templates()
DEFAULT_TAXONOMY = TEMPLATES_DIR / "taxonomy.toml"


def shipped_files() -> Iterator[tuple[str, Traversable]]:
    """Every editable shipped file, as (relative path with "/", resource), sorted: what
    `briefing init` copies. Python files of the package (none are editable) are left out."""

    def walk(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    yield from walk(child, name + "/")
            elif not child.name.endswith((".py", ".pyc")):
                yield name, child

    yield from walk(TEMPLATES_DIR, "")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    terms: tuple[str, ...]
    requires: tuple[str, ...] = ()
    context: str = "paragraph"  # where required actors must be: sentence | paragraph | item | story
    weight: float = 1.0
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SectionSpec:
    id: str
    title: str
    rules: tuple[Rule, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OffTopic:
    id: str
    reason: str
    terms: tuple[str, ...]
    min_share: float


@dataclass(frozen=True)
class Taxonomy:
    path: str
    title: str
    requires: tuple[str, ...]
    min_assigned_sentences: int
    min_actor_share: float
    min_section_share: float
    off_topic: tuple[OffTopic, ...]
    actors: tuple[tuple[str, tuple[str, ...]], ...]
    sections: tuple[SectionSpec, ...]
    author: str = ""  # [brief] author: the documents' author property

    @cached_property
    def matcher(self) -> TermMatcher:
        """One matcher for every term the taxonomy names, keyed by term list id:
        "actor:us", "rule:trade.measures", "exclude:trade", "offtopic:sports"."""
        groups: list[tuple[str, tuple[str, ...]]] = [(f"actor:{k}", v) for k, v in self.actors]
        for spec in self.sections:
            groups.append((f"exclude:{spec.id}", spec.exclude))
            for rule in spec.rules:
                groups.append((f"rule:{rule.id}", rule.terms))
                groups.append((f"exclude:{rule.id}", rule.exclude))
        groups += [(f"offtopic:{o.id}", o.terms) for o in self.off_topic]
        return TermMatcher(tuple(g for g in groups if g[1]))

    def section(self, section_id: str) -> SectionSpec:
        for spec in self.sections:
            if spec.id == section_id:
                return spec
        raise KeyError(section_id)


def _is_case_sensitive(term: str) -> bool:
    # "US", "U.S.", "PRC": short all-capital terms are acronyms; folding case would make
    # "US" match the pronoun "us".
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters)


# Words, and the punctuation that can sit inside a term ("U.S.", "military-to-military",
# "People's"); everything else separates tokens.
_TOKEN = re.compile(r"\w+|[.\-'’]")
_TOKEN_SPLIT = re.compile(r"(\w+|[.\-'’])")
def _apostrophes(text: str) -> str:
    # One character for one, so offsets hold; `str.replace`, as `str.translate` looks each
    # character of a non-ASCII text up in a table, a hundred times slower.
    return text.replace("’", "'")


def _term_key(term: str, sensitive: bool) -> tuple[tuple[str, ...], bool]:
    prefix = term.endswith("*")
    words = tuple(_TOKEN.findall(_apostrophes(term.rstrip("*"))))
    return (words if sensitive else tuple(w.casefold() for w in words)), prefix


class TermMatcher:
    """Finds every term of every group in a text in one pass over its tokens.

    A regular expression with hundreds of alternatives is tried at every character
    (about 20 ms per kB here); a token n-gram lookup is a few hash probes per word, and
    only at the words that open a term, for the lengths of the terms they open.
    """

    def __init__(self, groups: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        self.groups = groups
        # (sensitive, prefix, key) -> (display term, group ids)
        table: dict[tuple[bool, bool, tuple[str, ...]], tuple[str, set[str]]] = {}
        for gid, terms in groups:
            for term in terms:
                sensitive = _is_case_sensitive(term)
                key, prefix = _term_key(term, sensitive)
                if not key:
                    continue
                table.setdefault((sensitive, prefix, key), (term, set()))[1].add(gid)
        self._exact: dict[tuple[bool, tuple[str, ...]], tuple[str, frozenset[str]]] = {}
        self._prefix: dict[tuple[bool, tuple[str, ...]], list[tuple[str, str, frozenset[str]]]] = {}
        # (sensitive, first word) -> lengths in tokens of the terms it opens; a one-word
        # stem ("tariff*") opens terms at the words it begins.
        self._lengths: dict[tuple[bool, str], set[int]] = {}
        self._first_stems: set[str] = set()
        for (sensitive, prefix, key), (term, gids) in table.items():
            if prefix:
                # Stored under the words before the last; the last word is a stem.
                self._prefix.setdefault((sensitive, key[:-1]), []).append((key[-1], term, frozenset(gids)))
            else:
                self._exact[(sensitive, key)] = (term, frozenset(gids))
            if prefix and len(key) == 1:
                self._first_stems.add(key[0])
            else:
                self._lengths.setdefault((sensitive, key[0]), set()).add(len(key))
        # Whether a word begins with a one-word stem: one anchored match in C, however
        # many stems (most words of a corpus are new to the cache below, once).
        stems = sorted(self._first_stems, key=lambda t: (-len(t), t))
        self._stem_at_start = re.compile("|".join(map(re.escape, stems))).match if stems else None
        # Words repeat across a corpus; which term lengths one can open is asked once.
        self._opens: dict[str, tuple[int, ...]] = {}

    def _opened(self, word: str) -> tuple[int, ...]:
        """The lengths of the terms `word` may open, longest first (empty: none)."""
        known = self._opens.get(word)
        if known is None:
            folded = word.casefold()
            lengths = self._lengths.get((True, word), set()) | self._lengths.get((False, folded), set())
            if self._stem_at_start and (self._stem_at_start(word) or self._stem_at_start(folded)):
                lengths = lengths | {1}
            known = tuple(sorted(lengths, reverse=True))
            if len(self._opens) < 500_000:
                self._opens[word] = known
        return known

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, frozenset[str]]]:
        """Matches in text[start:end] as (start, end, term, group ids), by position; at
        one position the longest term wins, so "South China Sea" hides "South China"."""
        end = len(text) if end is None else end
        # The translation maps one character to one, so offsets into `chunk` are offsets
        # into the text (after `start`).
        chunk = _apostrophes(text[start:end])
        # Separators and tokens alternate: [gap, token, gap, token, ..., gap]. Token i is
        # parts[2i + 1]; its offsets are running sums of the lengths, all summed in C
        # (building a match object per token was half of the time).
        parts = _TOKEN_SPLIT.split(chunk)
        words = parts[1::2]
        known = self._opens
        # Most words cannot open a term: one dictionary probe each, in a comprehension,
        # and only the few that can are looked at further.
        opening = [i for i, w in enumerate(words) if known.get(w) or (w not in known and self._opened(w))]
        if not opening:
            return []
        ends = list(accumulate(map(len, parts), initial=start))
        hits = []
        n = len(words)
        after = 0  # tokens before this are inside a term already found
        for i in opening:
            if i < after:
                continue
            best = None
            first = ends[2 * i + 1]
            for length in self._opens.get(words[i]) or self._opened(words[i]):
                if length > n - i:
                    continue
                last = i + length
                # Tokens of a term must be adjacent in the text (no line break inside).
                if length > 1 and "\n" in text[first : ends[2 * last]]:
                    continue
                exact = words[i:last]
                for sensitive, seq in ((True, exact), (False, [w.casefold() for w in exact])):
                    key = tuple(seq)
                    found = self._exact.get((sensitive, key))
                    if found:
                        best = (last, found)
                        break
                    for stem, term, gids in self._prefix.get((sensitive, key[:-1]), ()):
                        if key[-1].startswith(stem):
                            best = (last, (term, gids))
                            break
                    if best:
                        break
                if best:
                    break
            if best:
                last, (term, gids) = best
                hits.append((first, ends[2 * last], term, gids))
                after = last
        return hits


# ---------------------------------------------------------------- loading
def _strings(where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _check_keys(where: str, table: Any, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    missing = sorted(required - set(table))
    if missing:
        raise ConfigError(f"{where}: missing key {missing[0]!r}")
    return table


def _number(where: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ConfigError(f"{where}: expected a number between {low} and {high}")
    return float(value)


# Configuration files are input too: the shipped taxonomy is 7 kB, a big one 100 kB.
MAX_CONFIG_BYTES = 1_000_000


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A user-editable TOML file as data; every way it can fail is one `ConfigError`
    line naming the file and `what` it is ("taxonomy", "PDF style sheet"), a file over
    `MAX_CONFIG_BYTES` included (it is refused before it is read)."""
    try:
        st = path.stat()
        size = st.st_size
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"{path}: {what} is not a regular file")
        if size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: {what} file is {size / 1_000_000:.1f} MB, over the {MAX_CONFIG_BYTES // 1_000_000} MB limit")
        with path.open("rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: {what} file is over the {MAX_CONFIG_BYTES // 1_000_000} MB limit")
        return tomllib.loads(data.decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read {what} ({err.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy file (default: the shipped templates/taxonomy.toml)."""
    path = path or DEFAULT_TAXONOMY
    name = str(path)
    data = read_toml(path, "taxonomy")

    _check_keys(name, data, {"brief", "relevance", "actors", "sections"}, {"actors", "sections"})
    brief = _check_keys(f"{name} [brief]", data.get("brief", {}), {"title", "author"}, set())
    rel = _check_keys(
        f"{name} [relevance]",
        data.get("relevance", {}),
        {"requires", "min_assigned_sentences", "min_actor_share", "min_section_share", "off_topic"},
        set(),
    )
    actors_table = _check_keys(f"{name} [actors]", data["actors"], set(data["actors"]) if isinstance(data["actors"], dict) else set(), set())
    actors = tuple((k, _strings(f"{name} [actors].{k}", v)) for k, v in actors_table.items())
    actor_ids = {k for k, _ in actors}

    def actor_list(where: str, value: Any) -> tuple[str, ...]:
        ids = _strings(where, value)
        for a in ids:
            if a not in actor_ids:
                raise ConfigError(f"{where}: unknown actor group {a!r} (defined: {', '.join(sorted(actor_ids))})")
        return ids

    off_topic = []
    for i, t in enumerate(rel.get("off_topic", [])):
        where = f"{name} [[relevance.off_topic]] #{i + 1}"
        t = _check_keys(where, t, {"id", "reason", "terms", "min_share"}, {"id", "reason", "terms"})
        off_topic.append(
            OffTopic(str(t["id"]), str(t["reason"]), _strings(f"{where}.terms", t["terms"]), _number(f"{where}.min_share", t.get("min_share", 0.2), 0, 1))
        )

    if not isinstance(data["sections"], list) or not data["sections"]:
        raise ConfigError(f"{name}: [[sections]] must list at least one section")
    sections = []
    seen: set[str] = set()
    for i, s in enumerate(data["sections"]):
        where = f"{name} [[sections]] #{i + 1}"
        s = _check_keys(where, s, {"id", "title", "rules", "exclude"}, {"id", "title", "rules"})
        sid = str(s["id"])
        if not re.fullmatch(r"[a-z][a-z0-9_]*", sid):
            raise ConfigError(f"{where}: section id {sid!r} must be lower_snake_case")
        if sid in seen:
            raise ConfigError(f"{where}: duplicate section id {sid!r}")
        seen.add(sid)
        rules = []
        if not isinstance(s["rules"], list) or not s["rules"]:
            raise ConfigError(f"{where}: a section needs at least one [[sections.rules]]")
        for j, r in enumerate(s["rules"]):
            rwhere = f"{where} rule #{j + 1}"
            r = _check_keys(rwhere, r, {"id", "terms", "requires", "context", "weight", "exclude"}, {"id", "terms"})
            context = r.get("context", "paragraph")
            if context not in ("sentence", "paragraph", "item", "story"):
                raise ConfigError(f"{rwhere}.context: expected sentence, paragraph, item or story")
            rules.append(
                Rule(
                    id=str(r["id"]),
                    terms=_strings(f"{rwhere}.terms", r["terms"]),
                    requires=actor_list(f"{rwhere}.requires", r.get("requires", [])),
                    context=context,
                    weight=_number(f"{rwhere}.weight", r.get("weight", 1.0), 0, 10),
                    exclude=_strings(f"{rwhere}.exclude", r["exclude"]) if "exclude" in r else (),
                )
            )
        sections.append(
            SectionSpec(sid, str(s["title"]), tuple(rules), _strings(f"{where}.exclude", s["exclude"]) if "exclude" in s else ())
        )

    return Taxonomy(
        path=name,
        title=str(brief.get("title", "Policy brief")),
        requires=actor_list(f"{name} [relevance].requires", rel.get("requires", [])),
        min_assigned_sentences=int(_number(f"{name} [relevance].min_assigned_sentences", rel.get("min_assigned_sentences", 1), 0, 1000)),
        min_actor_share=_number(f"{name} [relevance].min_actor_share", rel.get("min_actor_share", 0.0), 0, 1),
        min_section_share=_number(f"{name} [relevance].min_section_share", rel.get("min_section_share", 0.0), 0, 1),
        off_topic=tuple(off_topic),
        actors=actors,
        sections=tuple(sections),
        author=str(brief.get("author", "")),
    )
