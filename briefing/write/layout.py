"""Layout: a template context in, restricted Markdown out, parsed into one `Doc`.

Templates are Jinja2 files run in the sandbox of `sandbox.py` with `StrictUndefined`: a
template cannot read files outside the template folders, import, reach Python
internals, print an object, or run away (each rendering runs in a child process under a
memory and a time limit, and string-building operations are size-checked). Every
`{{ expression }}` is escaped for Markdown by `finalize`, so article text with `*`, `#`
or `[` can never become markup; helpers that build markup on purpose return
`MarkdownSafe` strings.

The Markdown is parsed by markdown-it-py's "zero" preset with only the constructs the
renderers support switched on; anything else is a `TemplateError` naming the template
and the line of generated Markdown.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from briefing.config import TEMPLATES_DIR
from briefing.write.doc import (
    Anchor,
    Block,
    BlockQuote,
    Cite,
    Doc,
    DocMeta,
    Emph,
    Heading,
    Inline,
    Link,
    ListBlock,
    Para,
    Strong,
    Table,
    Text,
    Toc,
    plain_text,
)
from briefing.errors import TemplateError
from briefing.write.sandbox import MAX_OUTPUT_CHARS, RENDER_SECONDS, FolderLoader, Sandbox, finalize, run_bounded

__all__ = ["MAX_OUTPUT_CHARS", "RENDER_SECONDS", "escape_markdown", "make_environment", "parse_markdown", "render_markdown"]
_ASCII_PUNCT = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_SPACE = re.compile(r"\s+")
_FRONT = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)
FRONT_KEYS = {"title": str, "subtitle": str, "banner": str, "audience": str, "page_limit": int}


class MarkdownSafe(str):
    """Markdown built on purpose by a helper: `finalize` passes it through unescaped."""


def escape_markdown(value: object) -> str:
    """Plain text to Markdown that parses back to the same text: every ASCII
    punctuation character is backslash-escaped (CommonMark allows that for all of
    them) and line breaks become spaces, so no text can open a construct."""
    if isinstance(value, MarkdownSafe):
        return value
    if value is None:
        return ""
    return _ASCII_PUNCT.sub(r"\\\1", _SPACE.sub(" ", str(value)))


def make_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The sandbox, loading from `templates_dir` first, then the shipped templates."""
    search = [str(templates_dir)] if templates_dir else []
    env = Sandbox(
        loader=FolderLoader(search + [str(TEMPLATES_DIR)]),
        undefined=jinja2.StrictUndefined,
        finalize=finalize(escape_markdown),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda v: MarkdownSafe(escape_markdown(v))
    # User templates are untrusted input: rendered in a child under memory limits.
    env.isolate = templates_dir is not None  # type: ignore[attr-defined]
    return env


def audiences(templates_dir: Path | None = None) -> list[str]:
    """Audience names: one per `audiences/NAME.md.j2` file, user folder first."""
    names = set()
    for root in ([templates_dir] if templates_dir else []) + [TEMPLATES_DIR]:
        folder = root / "audiences"
        if folder.is_dir():
            names |= {p.name.removesuffix(".md.j2") for p in folder.glob("*.md.j2")}
    return sorted(names)


def _template_line(err: BaseException, fallback: str) -> str:
    """"file:line" of the template frame where a rendering error happened."""
    tb = err.__traceback__
    where = fallback
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2") or "<template>" in code.co_filename:
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(tb.tb_lineno) if template else tb.tb_lineno
            where = f"{Path(code.co_filename).name}:{line}"
        tb = tb.tb_next
    return where


def render_markdown(env: jinja2.Environment, audience: str, context: dict[str, Any]) -> str:
    """Render `audiences/<audience>.md.j2` with `context`; one-line `TemplateError`s."""
    name = f"audiences/{audience}.md.j2"
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound as err:
        raise TemplateError(f"{name}: template not found ({err.message or err.name})") from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(f"{Path(err.filename or err.name or name).name}:{err.lineno}: syntax error: {err.message}") from None
    return run_bounded(lambda: _render(template, context, name), name, getattr(env, "isolate", True))


def _render(template: jinja2.Template, context: dict[str, Any], name: str) -> str:
    """The rendering itself, every failure a one-line `TemplateError`."""
    try:
        return template.render(**context)
    except TemplateError:
        raise
    except jinja2.TemplateNotFound as err:
        raise TemplateError(f"{_template_line(err, name)}: included template not found: {err.name}") from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(f"{Path(err.filename or err.name or name).name}:{err.lineno}: syntax error: {err.message}") from None
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{_template_line(err, name)}: undefined name: {err.message}") from None
    except jinja2.sandbox.SecurityError as err:
        raise TemplateError(f"{_template_line(err, name)}: not allowed in a template: {err}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, RecursionError) as err:
        raise TemplateError(f"{_template_line(err, name)}: {err.__class__.__name__}: {err}".splitlines()[0]) from None


# ---------------------------------------------------------------- Markdown -> Doc
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero")
    md.enable(["heading", "list", "blockquote", "table", "emphasis", "link", "escape", "newline"])
    return md


_MD = _parser()


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "section"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


class _Converter:
    def __init__(self, template: str) -> None:
        self.template = template
        self.ids: set[str] = set()

    def fail(self, node: SyntaxTreeNode, what: str) -> TemplateError:
        line = node.map[0] + 1 if node.map else "?"
        return TemplateError(f"{self.template}: generated Markdown line {line}: {what}")

    def inlines(self, node: SyntaxTreeNode) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for child in node.children:
            match child.type:
                case "text":
                    out.append(Text(child.content))
                case "softbreak" | "hardbreak":
                    out.append(Text(" "))
                case "inline":
                    out.extend(self.inlines(child))
                case "strong":
                    out.append(Strong(self.inlines(child)))
                case "em":
                    out.append(Emph(self.inlines(child)))
                case "link":
                    out.append(self.link(child))
                case other:
                    raise self.fail(node, f"{other} is not allowed in a brief")
        merged: list[Inline] = []
        for item in out:
            if merged and isinstance(item, Text) and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + item.text)
            else:
                merged.append(item)
        return tuple(merged)

    def link(self, node: SyntaxTreeNode) -> Inline:
        href = str(node.attrs.get("href", ""))
        label = "".join(c.content for c in node.children if c.type == "text")
        scheme, _, rest = href.partition(":")
        if scheme in ("http", "https", "mailto"):
            return Link(self.inlines(node), href)
        if scheme == "src" and rest:
            return Cite(rest, label)
        if scheme == "anchor" and rest:
            return Anchor(rest, label)
        raise self.fail(node, f"link target {href!r} is not allowed (use http(s), mailto, src: or anchor:)")

    def blocks(self, node: SyntaxTreeNode) -> tuple[Block, ...]:
        out: list[Block] = []
        for child in node.children:
            match child.type:
                case "heading":
                    level = int(child.tag[1])
                    if level > 3:
                        raise self.fail(child, f"heading level {level} (only 1-3 are allowed)")
                    inl = self.inlines(child)
                    out.append(Heading(level, inl, _slug(plain_text(inl), self.ids)))
                case "paragraph":
                    # A paragraph that is only `[Contents](toc:)` asks for a contents list.
                    parts = [n for c in child.children for n in c.children]
                    if len(parts) == 1 and parts[0].type == "link" and str(parts[0].attrs.get("href")) == "toc:":
                        out.append(Toc("".join(n.content for n in parts[0].children) or "Contents"))
                    else:
                        out.append(Para(self.inlines(child)))
                case "bullet_list" | "ordered_list":
                    items = tuple(self.blocks(item) for item in child.children)
                    start = int(child.attrs.get("start", 1)) if child.type == "ordered_list" else 1
                    out.append(ListBlock(items, ordered=child.type == "ordered_list", start=start))
                case "blockquote":
                    inner = list(self.blocks(child))
                    attribution: tuple[Inline, ...] = ()
                    last = inner[-1] if inner else None
                    if isinstance(last, Para) and last.children and isinstance(last.children[0], Text) and last.children[0].text.startswith("— "):
                        first = Text(last.children[0].text[2:])
                        attribution = ((first,) if first.text else ()) + last.children[1:]
                        inner.pop()
                    out.append(BlockQuote(tuple(inner), attribution))
                case "table":
                    out.append(self.table(child))
                case other:
                    raise self.fail(child, f"{other} is not allowed in a brief")
        return tuple(out)

    def table(self, node: SyntaxTreeNode) -> Table:
        header: tuple[tuple[Inline, ...], ...] = ()
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        for part in node.children:
            for row in part.children:
                cells = tuple(self.inlines(cell) for cell in row.children)
                if part.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return Table(header, tuple(rows))


def parse_front_matter(markdown: str, template: str) -> tuple[dict[str, Any], str]:
    """Split the `+++` TOML block a template starts with from the body."""
    m = _FRONT.match(markdown)
    if not m:
        return {}, markdown
    try:
        meta = tomllib.loads(m.group(1))
    except tomllib.TOMLDecodeError as err:
        raise TemplateError(f"{template}: front matter is not valid TOML: {err}") from None
    for key, value in meta.items():
        if key not in FRONT_KEYS:
            raise TemplateError(f"{template}: unknown front matter key {key!r} (allowed: {', '.join(sorted(FRONT_KEYS))})")
        if not isinstance(value, FRONT_KEYS[key]) or isinstance(value, bool):
            raise TemplateError(f"{template}: front matter {key} must be {FRONT_KEYS[key].__name__}")
    return meta, markdown[m.end():]


def parse_markdown(markdown: str, template: str, as_of: Any) -> Doc:
    """Restricted Markdown (with front matter) to a `Doc`."""
    meta, body = parse_front_matter(markdown, template)
    tree = SyntaxTreeNode(_MD.parse(body))
    blocks = _Converter(template).blocks(tree)
    return Doc(
        DocMeta(
            title=meta.get("title", "Brief"),
            as_of=as_of,
            subtitle=meta.get("subtitle", ""),
            banner=meta.get("banner", ""),
            audience=meta.get("audience", ""),
            page_limit=meta.get("page_limit"),
        ),
        blocks,
    )
