"""E-mail (.eml): a newsletter or a forwarded article, via the stdlib `email` package.

In: the message's bytes. Out: one Document whose text is the body (the text/plain part,
or the text/html part's article text via trafilatura, or a tag-stripped fragment when it
is too short for article extraction); metadata from the headers (origin "eml-header"):
Subject → title (without "Fwd:"/"Re:"), Date → date, the sender's display name or mail
domain → outlet. Attachments are not read.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

from briefing.errors import InputError
from briefing.model import Document
from briefing.read.text import normalise_newlines

_PREFIX = re.compile(r"^\s*(?:(?:fwd?|fw|re|aw|tr)\s*:\s*)+", re.IGNORECASE)


def read_eml(data: bytes, source: str) -> list[Document]:
    from briefing.read.ingest import build_document

    head = data[:4096]
    if b"\x00" in head or not re.search(rb"^(?:from|subject|date|to|received|return-path|message-id|mime-version)\s*:", head, re.IGNORECASE | re.MULTILINE):
        raise InputError(f"{source}: not an e-mail message (no mail headers)")
    msg = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(msg, EmailMessage):
        raise InputError(f"{source}: not an e-mail message")
    text = _body(msg, source)
    if not text.strip():
        raise InputError(f"{source}: e-mail without a text body")
    fields: dict[str, object] = {}
    subject = _header(msg, "subject")
    if subject:
        fields["title"] = _PREFIX.sub("", subject).strip() or None
    raw_date = _header(msg, "date")
    if raw_date:
        try:
            fields["date"] = parsedate_to_datetime(raw_date).date()
        except (TypeError, ValueError, IndexError):
            fields["date"] = raw_date  # let dateparser try
    fields["outlet"] = _outlet(_header(msg, "from"))
    return [build_document(source, text, "eml", fields, "eml-header")]


def _header(msg: EmailMessage, name: str) -> str | None:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header raises on access under policy.default
        value = None
    return " ".join(str(value).split()) if value else None


def _outlet(sender: str | None) -> str | None:
    """The sending organisation: its display name, else the mail domain's main label."""
    if not sender:
        return None
    display, addr = parseaddr(sender)
    display = display.strip().strip('"')
    if display and "@" not in display:
        return display
    labels = [p for p in addr.rpartition("@")[2].lower().split(".") if p]
    # news.example.co.uk -> example; mail.theguardian.com -> theguardian
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "ac", "gov"} and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else None


def _body(msg: EmailMessage, source: str) -> str:
    """The plain-text body, unless it is a stub ("view this e-mail in a browser") next
    to a fuller HTML body: then the HTML's article text."""
    plain = _part_text(msg.get_body(preferencelist=("plain",)), source)
    html = _part_text(msg.get_body(preferencelist=("html",)), source)
    if plain.strip() and len(plain.split()) * 2 >= len(html.split()):
        return plain
    return html or plain


def _part_text(part: object, source: str) -> str:
    from briefing.read.html import extract_html, html_to_text

    if part is None or not isinstance(part, EmailMessage):
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else str(payload)
    if not isinstance(content, str):
        content = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else ""
    if part.get_content_subtype() == "html":
        try:
            content, _ = extract_html(content, source)
        except InputError:
            content = html_to_text(content)
    content = normalise_newlines(content).strip()
    return content + "\n" if content else ""
