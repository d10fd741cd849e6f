"""What the documents show of the set-aside articles: each when few, a count per reason
with the first few when many (brief.json keeps every row)."""

from __future__ import annotations

from typing import Any

from briefing.write.context import SET_ASIDE_EXAMPLES, SET_ASIDE_LISTED, template_context


def _data(n_off: int) -> dict[str, Any]:
    articles = [{"id": "a0001", "status": "used", "title": "Tariff talks resume", "outlet": "Harbour Post", "date": "2024-04-29", "url": None}]
    reasons = ["sports results, not policy", "weather or natural events, not policy", "dated 2024-03-0{d}, outside the brief's window 2024-04-22 – 2024-04-30"]
    for i in range(n_off):
        reason = reasons[i % 3].format(d=i % 9 + 1)
        articles.append({"id": f"a{i + 2:04d}", "status": "off_topic", "title": f"Roundup {i}", "outlet": "Valley Ledger", "date": "2024-04-28", "url": None, "reason": reason, "parent": None})
    return {
        "articles": articles, "sections": [], "key_points": [], "quotes": [], "timeline": [], "watch": [],
        "as_of": "2024-04-30", "period": {"start": "2024-04-28", "end": "2024-04-29"},
    }


def test_few_set_aside_are_each_listed() -> None:
    ctx = template_context(_data(SET_ASIDE_LISTED))
    assert len(ctx["set_aside"]) == SET_ASIDE_LISTED == ctx["set_aside_total"]


def test_many_set_aside_are_counted_per_reason_with_first_examples() -> None:
    n = 3000
    ctx = template_context(_data(n))
    groups = ctx["set_aside_groups"]
    # Dates of "outside the window" reasons do not split the group.
    assert [g["count"] for g in groups] == [n // 3] * 3
    assert {g["reason"] for g in groups} == {
        "sports results, not policy",
        "weather or natural events, not policy",
        "dated outside the brief's window 2024-04-22 – 2024-04-30",
    }
    assert all(len(g["examples"]) == SET_ASIDE_EXAMPLES and g["more"] == n // 3 - SET_ASIDE_EXAMPLES for g in groups)
    assert len(ctx["set_aside"]) == 3 * SET_ASIDE_EXAMPLES
    assert ctx["set_aside_total"] == n


def test_analyst_brief_of_a_folder_mostly_set_aside_stays_short(tmp_path: Any) -> None:
    import shutil

    from seedkit import SEEDS

    from briefing.pipeline import BuildOptions, build

    corpus = tmp_path / "in"
    shutil.copytree(SEEDS, corpus)
    for i in range(60):
        (corpus / f"match_{i:02d}.txt").write_text(
            f"Title: Rovers beat Athletic {i % 5}-1\nDate: 2024-04-2{i % 9}\nSource: Valley Ledger\n\n"
            f"Rovers scored twice in the league on Saturday and lead the championship by {i} points.\n\n"
            "The striker scored again, and the league leaders now face a tournament final.\n",
            encoding="utf-8",
        )
    build(BuildOptions(input_dir=corpus, out_dir=tmp_path / "out", audiences=("analyst",), jobs=1, formats=()))
    markdown = (tmp_path / "out" / "analyst.md").read_text(encoding="utf-8")
    set_aside = markdown[markdown.index("## Set aside") :].replace("\\", "")
    assert "sports results, not policy" in set_aside and "and 57 more" in set_aside
    assert len(set_aside.splitlines()) < 15
