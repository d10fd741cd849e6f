"""Plain text and Markdown: bytes in, decoded text with its metadata header read.

In: a file's raw bytes. Out: `decode_text` gives the text with line endings normalised to
"\\n" (or raises `InputError` for binary, empty or undecodable input); `read_header`
finds a metadata header ("Title: …" lines, or `---` front matter) at the very top and
says where the body begins. The header stays in the text: offsets index the whole file.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime

import yaml

from briefing.errors import InputError

# Magic numbers of formats people save by mistake under a text suffix.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, XLSX, …)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "a program"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file whatever its encoding; reject what is not text.

    A BOM decides when present; otherwise strict UTF-8 (by far the commonest, and exact);
    otherwise charset-normalizer's best guess. Binary input (NUL bytes, a known magic
    number, or mostly control characters once decoded) is refused with the reason.
    """
    if not data.strip():
        raise InputError(f"{name}: empty file")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{name}: not valid {encoding.upper()} despite its byte-order mark") from None
            break
    if text is None:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise InputError(f"{name}: binary file ({what}), not text")
        if b"\x00" in data[:65536]:
            raise InputError(f"{name}: binary file (contains NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(data) or _detect(data, name)
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(f"{name}: empty file (whitespace only)")
    sample = text[:100_000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 50):
        raise InputError(f"{name}: binary file (mostly control characters), not text")
    return text


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes stays UTF-8: a guessed single-byte encoding would
    turn every one of its good accented or CJK characters into mojibake. Text in a
    single-byte encoding (cp1252's "café") has no valid multi-byte sequences at all."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return text if good >= 3 * bad else None


def _detect(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: binary or unknown encoding, not text")
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        raise InputError(f"{name}: unknown encoding {best.encoding}") from None


def normalise_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- header / front matter
_HEADER_FIELDS = {
    "title": "title",
    "headline": "title",
    "url": "url",
    "link": "url",
    "source url": "url",
    "source_url": "url",
    "canonical": "url",
    "date": "date",
    "published": "date",
    "pubdate": "date",
    "published at": "date",
    "date published": "date",
    "source": "outlet",
    "outlet": "outlet",
    "publisher": "outlet",
    "publication": "outlet",
    "site": "outlet",
    "sitename": "outlet",
    "site_name": "outlet",
    "author": "author",
    "authors": "author",
    "by": "author",
    "byline": "author",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z _]{0,20}?)\s*:\s*(.*?)\s*$")


def _value(raw: str) -> str:
    v = raw.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
    if v.startswith("[") and v.endswith("]"):  # YAML flow list: authors: [A, B]
        v = ", ".join(p.strip().strip("\"'") for p in v[1:-1].split(",") if p.strip())
    return v.strip()


def front_matter(block: str) -> dict[str, str]:
    """YAML front matter (between `---` lines) as metadata fields, read by PyYAML's
    `safe_load`, so folded (`>-`) and literal scalars, quoted strings and lists mean what
    YAML says. Unknown keys are ignored. Front matter that is not valid YAML is read
    line by line as `Key: value`, as a header is."""
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        data = None
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            m = _HEADER_LINE.match(line)
            key = _HEADER_FIELDS.get(m.group(1).strip().lower()) if m and not line[:1].isspace() else None
            if key and not fields.get(key):
                fields[key] = _value(m.group(2))  # type: ignore[union-attr]
        return {k: v for k, v in fields.items() if v}
    fields = {}
    if isinstance(data, dict):
        for raw_key, raw in data.items():
            key = _HEADER_FIELDS.get(str(raw_key).strip().lower())
            value = _yaml_text(raw)
            if key and value and not fields.get(key):
                fields[key] = value
    return fields


def _yaml_text(value: object) -> str:
    """A YAML value as one line of text: lists joined with ", ", a person given as a
    mapping by its name, dates in ISO form."""
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_yaml_text(v) for v in value) if t)
    if isinstance(value, dict):
        name = value.get("name")
        return _yaml_text(name) if name is not None else ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, bool):
        return ""
    return " ".join(str(value).split())


def read_header(text: str) -> tuple[dict[str, str], int, str | None]:
    """Metadata at the very top: (fields, body_start, origin) — origin "front-matter",
    "header" or None. Unknown keys in front matter are ignored; a header block ends at the
    first line that is not "Key: value" with a known key, so a body that opens with
    "Source: …" further down is never taken for a header."""
    fields: dict[str, str] = {}
    if text.startswith("---\n") or text.startswith("---\r"):
        end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
        if end and text[4 : 4 + end.start()].count("\n") < 200:
            body_start = 4 + end.end()
            if body_start < len(text) and text[body_start] == "\n":
                body_start += 1
            return front_matter(text[4 : 4 + end.start()]), body_start, "front-matter"
    pos = 0
    last = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl == -1 else nl
        line = text[pos:line_end]
        if not line.strip():
            if fields:
                break
            pos = line_end + 1
            continue
        m = _HEADER_LINE.match(line)
        key = _HEADER_FIELDS.get(m.group(1).strip().lower()) if m else None
        if not m or not key or not m.group(2).strip() or key in fields:
            break
        fields[key] = _value(m.group(2))
        last = line_end + 1 if nl != -1 else line_end
        pos = last
    if not fields:
        return {}, 0, None
    # The body starts after the header and the blank lines that close it.
    while last < len(text) and text[last] == "\n":
        last += 1
    return fields, last, "header"
