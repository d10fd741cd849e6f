"""Templates -> Markdown -> Doc: escaping, the sandbox, and the restricted Markdown."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.write.doc import BlockQuote, Cite, Heading, ListBlock, Para, Table, Text, Toc, plain_text
from briefing.errors import TemplateError
from briefing.write.layout import escape_markdown, make_environment, parse_markdown, render_markdown

AS_OF = date(2024, 4, 26)


def _para_text(markdown: str) -> str:
    doc = parse_markdown(markdown, "t", AS_OF)
    return "".join(plain_text(b.children) for b in doc.blocks if isinstance(b, Para))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))))
def test_escaping_round_trips(text: str) -> None:
    """parse(escape(s)) == s (whitespace collapsed): no text becomes markup."""
    expected = " ".join(text.split())
    assert _para_text(escape_markdown(text)) == expected


@pytest.mark.parametrize(
    "hostile",
    ["<b>bold</b> & co", "# not a heading", "* not a list", "[x](https://evil.example)", "**not bold**", "> not a quote", "1. not a list", "| a | b |", "{{ 7*7 }} {% if %}"],
)
def test_article_text_never_becomes_markup(hostile: str) -> None:
    doc = parse_markdown(f"- {escape_markdown(hostile)}\n", "t", AS_OF)
    assert len(doc.blocks) == 1 and isinstance(doc.blocks[0], ListBlock)
    (item,) = doc.blocks[0].items
    assert item == (Para((Text(hostile),)),)


def test_restricted_markdown_to_doc() -> None:
    md = (
        '+++\ntitle = "T"\nbanner = "TLP:AMBER"\npage_limit = 2\n+++\n'
        "## Trade\n\n[Contents](toc:)\n\n- point [1](src:a01)\n\n> the quote\n>\n> — **Name**, role [1](src:a01)\n\n"
        "| # | Title |\n|---|---|\n| [1](anchor:a01) | [T](https://example.org/a) |\n"
    )
    doc = parse_markdown(md, "t", AS_OF)
    assert doc.meta.banner == "TLP:AMBER" and doc.meta.page_limit == 2
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Heading, Toc, ListBlock, BlockQuote, Table]
    quote = doc.blocks[3]
    assert isinstance(quote, BlockQuote) and plain_text(quote.attribution) == "Name, role 1"
    assert Cite("a01", "1") in quote.attribution


@pytest.mark.parametrize(
    "md,what",
    [
        ("#### deep\n", "heading level 4"),
        ("[x](ftp://example.org/file)\n", "not allowed"),
        ("+++\ncolour = 1\n+++\ntext\n", "unknown front matter key"),
    ],
)
def test_constructs_outside_the_set_are_errors(md: str, what: str) -> None:
    with pytest.raises(TemplateError, match=what):
        parse_markdown(md, "audiences/x.md.j2", AS_OF)


def test_script_links_stay_text() -> None:
    doc = parse_markdown("[x](javascript:alert(1))\n", "t", AS_OF)
    assert doc.blocks == (Para((Text("[x](javascript:alert(1))"),)),)


def _write(folder: Path, name: str, body: str) -> None:
    path = folder / "audiences" / f"{name}.md.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")


@pytest.mark.parametrize(
    "body,message",
    [
        ("{{ ''.__class__.__mro__ }}", "not allowed in a template"),
        ("{% include '/etc/passwd' %}", "not found"),
        ("{% include '../../pyproject.toml' %}", "not found"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}", "longer than"),
        ("{{ 'x' * 10000000 }}", "not allowed in a template"),
        ("{{ no_such_name }}", "undefined name"),
        ("{% for %}", "syntax error"),
        ("{{ cite.__globals__ }}", "not allowed in a template|undefined"),
    ],
)
def test_hostile_templates_fail_safely_and_quickly(tmp_path: Path, body: str, message: str) -> None:
    _write(tmp_path, "hostile", body)
    env = make_environment(tmp_path)
    started = time.monotonic()
    with pytest.raises(TemplateError, match=message) as info:
        render_markdown(env, "hostile", {"cite": lambda a: a})
    assert time.monotonic() - started < 10
    assert "\n" not in str(info.value)
    assert "hostile.md.j2" in str(info.value)


def test_errors_name_the_template_line(tmp_path: Path) -> None:
    _write(tmp_path, "broken", "line one\nline two\n{{ missing.attr }}\n")
    with pytest.raises(TemplateError, match=r"broken\.md\.j2:3"):
        render_markdown(make_environment(tmp_path), "broken", {})
