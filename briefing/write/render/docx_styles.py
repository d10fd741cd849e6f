"""The styles of a reference document, completed as pandoc completes them.

In: the reference document (python-docx) and the document its missing styles come from
(the shipped reference.docx, or the user's `briefing init` copy). Out: a table of style
names to style ids holding every name in `doc.STYLE_NAMES`; styles the reference lacks
(pandoc's own reference document has no "List Bullet", "Quote", "Header"...) are copied
in from the defaults, with the styles they are based on, so a house document's own
styles, fonts and colours are used wherever it has them.
"""

from __future__ import annotations

import copy
import sys
from functools import lru_cache
from pathlib import Path

import docx
from lxml import etree

from briefing.errors import RenderError
from briefing.write import doc as d
from briefing.write.render.docx_xml import STYLE_KIND, w

# Style references inside a w:style that name another style by id.
_REFERENCES = ("basedOn", "next", "link")


def _styles_by_name(root: etree._Element) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for style in root.findall(w("style")):
        name = style.find(w("name"))
        if name is not None and style.get(w("styleId")):
            found.setdefault(name.get(w("val"), "").lower(), style)
    return found


@lru_cache(maxsize=4)
def _defaults(path: Path, mtime: float) -> etree._Element:
    """The styles part of the defaults document, parsed once per file version."""
    return copy.deepcopy(docx.Document(str(path)).styles.element)


def missing_styles(document: docx.document.Document) -> list[str]:
    names = _styles_by_name(document.styles.element)
    return [name for name in d.STYLE_NAMES if name.lower() not in names]


def adopt_styles(document: docx.document.Document, names: list[str], defaults: Path) -> None:
    """Copy the styles `names` from `defaults` into `document`, with every style they
    refer to (based on, next, linked) that `document` lacks; ids are kept unless taken."""
    source = _defaults(defaults, defaults.stat().st_mtime)
    by_name = _styles_by_name(source)
    by_id = {s.get(w("styleId")): s for s in source.findall(w("style"))}
    target = document.styles.element
    have = {name: s.get(w("styleId")) for name, s in _styles_by_name(target).items()}
    ids = {s.get(w("styleId")) for s in target.findall(w("style"))}
    mapped: dict[str, str] = {}

    def adopt(style: etree._Element) -> str:
        sid = style.get(w("styleId"))
        if sid in mapped:
            return mapped[sid]
        name = style.find(w("name")).get(w("val"), "").lower()
        if name in have:  # the reference has it: use its own
            mapped[sid] = have[name]
            return have[name]
        new_id, n = sid, 1
        while new_id in ids:
            n += 1
            new_id = f"{sid}{n}"
        mapped[sid] = have[name] = new_id
        ids.add(new_id)
        clone = copy.deepcopy(style)
        clone.set(w("styleId"), new_id)
        clone.attrib.pop(w("default"), None)  # the reference keeps its own defaults
        # List numbering belongs to the defaults' numbering part; the renderer gives
        # each list a definition of its own in the reference's.
        for numpr in clone.findall(f"{w('pPr')}/{w('numPr')}"):
            numpr.getparent().remove(numpr)
        for tag in _REFERENCES:
            ref = clone.find(w(tag))
            if ref is None:
                continue
            other = by_id.get(ref.get(w("val")))
            if other is None:
                clone.remove(ref)
            else:
                ref.set(w("val"), adopt(other))
        target.append(clone)
        return new_id

    for name in names:
        style = by_name.get(name.lower())
        if style is None:
            raise RenderError(f"{defaults}: default styles lack {name!r}; regenerate it with `briefing init`")
        adopt(style)


def style_table(document: docx.document.Document, path: Path) -> dict[str, str]:
    """Style names (lower case) to style ids, checked to hold every name in STYLE_NAMES
    as the kind of style the renderer uses it as."""
    found = _styles_by_name(document.styles.element)
    missing = [name for name in d.STYLE_NAMES if name.lower() not in found]
    if missing:
        raise RenderError(f"{path}: reference document lacks style {', '.join(repr(n) for n in missing)}")
    for name in d.STYLE_NAMES:
        want = STYLE_KIND.get(name, "paragraph")
        kind = found[name.lower()].get(w("type"), "paragraph")
        if kind != want:
            raise RenderError(f"{path}: style {name!r} in the reference document is a {kind} style, not a {want} style")
    return {name: style.get(w("styleId")) for name, style in found.items()}


def notice_adopted(path: Path, names: list[str]) -> None:
    """Say once, on stderr, which styles a reference document did not have."""
    if names:
        listed = ", ".join(repr(n) for n in names)
        print(f"briefing: notice: {path} has no style {listed}; using the default ones", file=sys.stderr)
