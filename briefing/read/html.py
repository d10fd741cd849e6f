"""HTML pages: the article's main text and metadata, via trafilatura.

In: the page's bytes. Out: (text, fields) where `text` is trafilatura's plain-text
extraction (one paragraph or heading per line) and `fields` its metadata (title, author,
url, sitename, date). Settings are fixed and offline: no comments, no fallback fetching,
date search limited to the page's own markup, so the same page always gives the same
result. `html_to_text` is a plain tag stripper for HTML fragments (feed items, e-mail
bodies) that are too short for article extraction.
"""

from __future__ import annotations

import re

from briefing.errors import InputError

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "tr", "table", "section", "article", "header", "footer", "pre", "hr", "dd", "dt",
}  # fmt: skip


def extract_html(data: bytes | str, name: str) -> tuple[str, dict[str, str]]:
    """Main text and metadata of a web page; `InputError` when there is no article."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except RecursionError:
        raise InputError(f"{name}: HTML nested too deeply to read") from None
    except Exception as exc:  # lxml/trafilatura raise many types on broken markup
        raise InputError(f"{name}: cannot parse HTML ({type(exc).__name__})") from None
    text = (getattr(result, "text", None) or "") if result is not None else ""
    if not _has_prose(text):
        raise InputError(f"{name}: no article text found")
    fields: dict[str, str] = {}
    for key in ("title", "author", "url", "sitename", "date"):
        value = getattr(result, key, None)
        if isinstance(value, str) and value.strip():
            fields[key] = value.strip()
    return text, fields


def _has_prose(text: str) -> bool:
    """Some sentence-length line: a page of menu links or a lone "Home" is no article."""
    return any(len(line.split()) >= 6 for line in text.split("\n"))


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one block element per paragraph."""
    if "<" not in fragment:
        return _unescape(fragment).strip()
    try:
        import lxml.html

        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return _unescape(re.sub(r"<[^>]*>", " ", fragment)).strip()
    parts: list[str] = []
    # Iterative walk (no recursion limit on deeply nested markup): text, children, tail.
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        raw_tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        tag = raw_tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()  # "ns0:p", "{xhtml}p"
        if closing:
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if el is not root and el.tail:  # type: ignore[attr-defined]
                parts.append(el.tail)  # type: ignore[attr-defined]
            continue
        if tag in ("script", "style") or not tag:
            if el.tail:  # type: ignore[attr-defined]
                parts.append(el.tail)  # type: ignore[attr-defined]
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if el.text:  # type: ignore[attr-defined]
            parts.append(el.text)  # type: ignore[attr-defined]
        stack.append((el, True))
        for child in reversed(list(el)):  # type: ignore[call-overload]
            stack.append((child, False))
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
