"""Who's who is computed when a template reads it, once, and is the list it always was."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from briefing.write import context, speakers
from briefing.write.audience import render_audience
from briefing.write.context import WHOS_WHO_SHOWN, template_context
from briefing.write.layout import make_environment, render_markdown

WHOS_WHO = speakers.whos_who  # uncounted, for the expected lists
OPTIONS = SimpleNamespace(paper="A4", reference_doc=None, templates=None, author="", pdf_engine="reportlab", formats=("pdf",))


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per who's who computed."""
    made: list[int] = []

    def counted(*args: Any) -> list[dict[str, Any]]:
        made.append(1)
        return WHOS_WHO(*args)

    monkeypatch.setattr(context.speakers, "whos_who", counted)
    return made


def _eager(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Who's who as the context computed it before it was deferred."""
    shown_points = data["key_points"] + [p for s in data["sections"] for p in s["points"][: context.SHOWN_POINTS]]
    spans = context._spans_by_article(shown_points)
    quotes = context._shown_once({q["id"]: q for q in data["quotes"] if not context._overlapping(q, spans)})
    credited = [q for q in quotes.values() if context._speaker_shown(q)]
    return WHOS_WHO(credited, {a["id"]: i for i, a in enumerate(data["articles"])})


def test_a_context_computes_no_whos_who_until_read(data: dict[str, Any], calls: list[int]) -> None:
    ctx = template_context(data)
    assert calls == []
    rows = ctx["whos_who"]
    eager = _eager(data)
    assert len(eager) > 1  # the seeds quote several people: the test has something to compare
    assert list(rows) == eager[:WHOS_WHO_SHOWN]
    assert calls == [1]
    # Every way a reader takes it, from the one computation.
    assert len(rows) == len(eager[:WHOS_WHO_SHOWN]) and bool(rows)
    assert rows[0] == eager[0] and rows[:2] == eager[:2] and rows == eager[:WHOS_WHO_SHOWN]
    assert eager[0] in rows
    assert calls == [1]


def test_the_principal_never_computes_whos_who(data: dict[str, Any], calls: list[int]) -> None:
    render_audience(data, "principal", OPTIONS, make_environment(None))
    assert calls == []


def test_the_analyst_computes_it_once_and_prints_it(data: dict[str, Any], calls: list[int]) -> None:
    markdown = render_markdown(make_environment(None), "analyst", template_context(data))
    assert calls == [1]
    assert "## Who's who" in markdown
    assert all(f"| {w['speaker']} |" in markdown for w in _eager(data)[:WHOS_WHO_SHOWN])


def test_a_dropped_whos_who_is_empty(data: dict[str, Any]) -> None:
    ctx = template_context(data, frozenset({"whos_who:"}))
    assert list(ctx["whos_who"]) == [] and not ctx["whos_who"]


def test_a_template_sees_the_plain_list_and_count(tmp_path: Path, data: dict[str, Any]) -> None:
    """Iteration, length, slicing, truthiness, indexing, filters and printing the count
    give what they gave with the values computed up front; so do the sandbox's checks
    (printing the list itself is refused as a list's printing is)."""
    folder = tmp_path / "audiences"
    folder.mkdir()
    (folder / "probe.md.j2").write_text(
        "{% if whos_who %}{{ whos_who | length }} of {{ whos_who_total }}: "
        "{% for w in whos_who[:2] %}{{ w.speaker }}; {% endfor %}{{ whos_who[0].speaker }} "
        "{{ whos_who | map(attribute='speaker') | join(', ') }} {{ (whos_who | first).speaker }} {{ (whos_who | last).speaker }}"
        "{% if whos_who_total > whos_who | length %} more{% endif %}{% endif %}\n",
        encoding="utf-8",
    )
    (folder / "printed.md.j2").write_text("{{ whos_who }}\n", encoding="utf-8")
    env = make_environment(tmp_path)
    env.isolate = False  # in-process: the rendering below is the one under test
    lazy = template_context(data)
    rows = _eager(data)
    eager = dict(lazy, whos_who=rows[:WHOS_WHO_SHOWN], whos_who_total=len(rows))
    assert render_markdown(env, "probe", lazy) == render_markdown(env, "probe", eager)
    assert rows[0]["speaker"] in render_markdown(env, "probe", lazy)
    from briefing.errors import TemplateError

    messages = []
    for ctx in (template_context(data), eager):
        with pytest.raises(TemplateError) as err:
            render_markdown(env, "printed", ctx)
        messages.append(str(err.value))
    assert messages[0] == messages[1] and "cannot print a list" in messages[0]
