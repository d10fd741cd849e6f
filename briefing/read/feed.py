"""RSS and Atom feeds: one Document per item, via the stdlib XML parser.

In: the feed's bytes (.xml, .rss, .atom). Out: one Document per item or entry, with
source "<file>#<n>" (n = the item's 1-based position in the feed), text = the item's
content (content:encoded, Atom content) or else its description/summary, HTML stripped;
metadata from the item (origin "feed"): title, link, pubDate/published/updated/dc:date,
author/dc:creator; the channel's own title is the outlet. Elements are matched by local
name, so RSS 0.9x/1.0 (RDF)/2.0 and Atom 0.3/1.0 all read.

Safety: every parse, of the bytes or of text we decoded ourselves, goes through
defusedxml, which refuses a document declaring entities (`<!ENTITY`) whatever its
encoding, so neither entity expansion ("billion laughs") nor external entities can
happen; the parser never fetches anything.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from briefing.errors import InputError
from briefing.model import Document
from briefing.read.text import decode_text

_MAX_ITEMS = 1000


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(el: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for c in el:
            if _local(c.tag) == name:
                return c
    return None


def _text(el: ET.Element | None) -> str:
    if el is None:
        return ""
    return "".join(el.itertext()).strip()


def read_feed(data: bytes, source: str) -> list[Document]:
    from briefing.read.ingest import build_document
    from briefing.read.html import html_to_text

    head = data[:4096].lstrip()
    if b"\x00" in head and not head.startswith(_UNICODE_BOMS):
        raise InputError(f"{source}: binary file, not an XML feed")
    try:
        root = _parse(data, source)
    except ET.ParseError as exc:
        malformed = InputError(f"{source}: malformed XML ({_first_line(exc)})")
        try:  # an encoding the XML declaration gets wrong (or expat lacks): decode it ourselves
            text = decode_text(data, source)
        except InputError:
            raise malformed from None
        try:
            root = _parse(re.sub(r"^\s*<\?xml[^>]*\?>", "", text), source)
        except ET.ParseError:
            raise malformed from None
    kind = _local(root.tag)
    if kind == "rss" or kind == "rdf":
        channel = _child(root, "channel")
        outlet = _text(_child(channel, "title")) if channel is not None else ""
        container = [channel, root] if channel is not None else [root]
        items = [el for c in container for el in c if _local(el.tag) == "item"]
        fmt = "rss"
    elif kind == "feed":
        outlet = _text(_child(root, "title"))
        items = [el for el in root if _local(el.tag) == "entry"]
        fmt = "atom"
    else:
        raise InputError(f"{source}: XML file is not an RSS or Atom feed (root <{kind}>)")
    if not items:
        raise InputError(f"{source}: feed has no items")
    docs: list[Document] = []
    for n, item in enumerate(items[:_MAX_ITEMS], 1):
        body_el = _child(item, "encoded", "content")
        body = _content(body_el)
        if not body.strip():
            body = _content(_child(item, "description", "summary"))
        text = html_to_text(body) if body else ""
        text = "\n\n".join(p.strip() for p in text.split("\n") if p.strip())
        if not text:
            continue
        fields: dict[str, object] = {
            "title": html_to_text(_text(_child(item, "title"))) or None,
            "url": _link(item),
            "date": _text(_child(item, "pubdate", "published", "date", "issued", "updated", "modified")) or None,
            "author": _author(item),
            "outlet": outlet or None,
        }
        docs.append(build_document(f"{source}#{n}", text + "\n", fmt, fields, "feed"))
    if not docs:
        raise InputError(f"{source}: feed items have no text")
    return docs


_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _parse(data: bytes | str, source: str) -> ET.Element:
    """The document's root, parsed by defusedxml: entity declarations and external
    references are refused whether the bytes or our own decoding of them are parsed."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)  # type: ignore[no-any-return]
    except DefusedXmlException:
        raise InputError(f"{source}: XML declaring entities is refused (unsafe)") from None


def _content(el: ET.Element | None) -> str:
    """An element's content as HTML or text: Atom's type="xhtml" carries markup as
    elements, the other forms carry (escaped) HTML or plain text."""
    if el is None:
        return ""
    if (el.get("type") or "").lower() == "xhtml" or len(el):
        return "".join(ET.tostring(c, encoding="unicode") for c in el) or (el.text or "")
    return el.text or ""


def _link(item: ET.Element) -> str | None:
    for c in item:
        if _local(c.tag) != "link":
            continue
        href = c.get("href")
        if href and (c.get("rel") or "alternate") == "alternate":
            return href.strip()
        if not href and (c.text or "").strip():
            return (c.text or "").strip()
    guid = _child(item, "guid")
    if guid is not None and (guid.get("isPermaLink") or "true") == "true" and _text(guid).startswith("http"):
        return _text(guid)
    return None


def _author(item: ET.Element) -> str | None:
    el = _child(item, "creator", "author")
    if el is None:
        return None
    name = _child(el, "name")
    value = _text(name) if name is not None else _text(el)
    # RSS <author> is "mail@example.com (Jane Doe)"
    m = re.match(r"^\S+@\S+\s*\((.+)\)$", value)
    return (m.group(1) if m else value).strip() or None


def _first_line(exc: BaseException) -> str:
    return str(exc).split("\n", 1)[0][:100]
