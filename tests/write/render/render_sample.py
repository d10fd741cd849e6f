"""Real-shaped `Doc`s for the renderer tests and the render benchmark.

`sample_doc()` mimics the brief built from the seed articles: title block, contents,
sections with cited key points, an ordered list, quotes with attribution (curly quotes,
a CJK name), a sources table with anchors and links, and text that looks like markup.
`scaled_doc(n)` synthesises a brief of proportional size for `n` articles.
"""

from __future__ import annotations

from datetime import date

from briefing.write.doc import (
    Anchor,
    BlockQuote,
    Cite,
    Doc,
    DocMeta,
    Emph,
    Heading,
    Link,
    ListBlock,
    Para,
    Strong,
    Table,
    Text,
    Toc,
)

AS_OF = date(2024, 4, 27)

ARTICLES = (
    ("a01", "Blinken’s visit to China failed to achieve any breakthrough", "Lianhe Zaobao", "2024-04-26",
     "https://example.org/zaobao/blinken-visit"),
    ("a02", "Blinken visit seeks to ease fraught US relationship with China", "AFP", "2024-04-24",
     "https://example.com/afp/blinken-ease?ref=rss&lang=en"),
    ("a03", "Can there be a window of slight improvement in Sino–US relations?", "Sina", "2024-04-13",
     "https://example.net/sina/depth-blinken"),
    ("a04", "Wang Yi: US must not cross China’s red lines", "Xinhua", "2024-04-26",
     "https://example.org/xinhua/wang-yi"),
    ("a05", "Russia says Beijing “fully understands” sanctions threat", "TASS", "2024-04-25",
     "https://example.com/tass/ryabkov"),
)  # fmt: skip


def t(text: str) -> Text:
    return Text(text)


def sources_table(articles: tuple[tuple[str, str, str, str, str], ...]) -> Table:
    rows = tuple(
        (
            (Anchor(aid, str(n)),),
            (t(title),),
            (t(outlet),),
            (t(day),),
            (Link((t("link"),), url),),
        )
        for n, (aid, title, outlet, day, url) in enumerate(articles, start=1)
    )
    header = ((t("#"),), (t("Title"),), (t("Outlet"),), (t("Date"),), (t("URL"),))
    return Table(header=header, rows=rows)


def sample_doc() -> Doc:
    meta = DocMeta(
        title="US–China Relations: Weekly Brief",
        as_of=AS_OF,
        subtitle="Blinken’s visit to Beijing and its aftermath",
        banner="TLP:CLEAR",
        audience="Asia desk",
    )
    blocks = (
        Toc(),
        Heading(1, (t("Key points"),), "key-points"),
        Para((t("Five articles from "), Strong((t("four outlets"),)), t(" cover the period 13–26 April 2024; "),
              Emph((t("all quotes are verbatim"),)), t("."))),  # fmt: skip
        ListBlock(
            items=(
                (Para((t("No major breakthroughs were achieved during Secretary Blinken’s visit to China. "),
                       Cite("a01", "1"))),),  # fmt: skip
                (Para((t("Tensions remain over Taiwan, the South China Sea, technology controls & trade "),
                       t("disputes. "), Cite("a01", "1"), t(" "), Cite("a02", "2"))),),  # fmt: skip
                (Para((t("A tariff memo titled <b>Section 301</b> circulated; analysts wrote \"risk > reward\" "),
                       t("and used *stars* and {{ braces }}. "), Cite("a03", "3"))),),  # fmt: skip
            ),
        ),
        Heading(1, (t("Diplomacy"),), "diplomacy"),
        Heading(2, (t("Talks in Beijing"),), "talks-in-beijing"),
        Para((t("Foreign Minister Wang Yi (王毅) and President Xi Jinping (习近平) received Blinken; "),
              t("the readouts differed in tone. "), Cite("a04", "4"))),  # fmt: skip
        BlockQuote(
            children=(Para((t("“The United States needs to reflect deeply on its China policy — "),
                            t("and not cross red lines.”"))),),  # fmt: skip
            attribution=(t("Wang Yi (王毅), Director of the Office of the Central Foreign Affairs Commission "),
                         Cite("a04", "4")),  # fmt: skip
        ),
        BlockQuote(
            children=(Para((t("“The two countries should be partners, not opponents.”"),)),),
            attribution=(t("Xi Jinping (习近平), President "), Cite("a01", "1")),
        ),
        Heading(2, (t("Next steps"),), "next-steps"),
        Para((t("Officials listed three follow-ups:"),)),
        ListBlock(
            items=(
                (Para((t("Resume military-to-military talks."),)),),
                (Para((t("Expand counternarcotics co-operation. "), Cite("a02", "2"))),),
                (Para((t("Schedule a leaders’ call before the summer."),)),),
            ),
            ordered=True,
        ),
        Heading(1, (t("Russia"),), "russia"),
        Heading(3, (t("Sanctions"),), "sanctions"),
        Para((t("Washington threatened sanctions over China’s aid to Russia’s defence industry; Moscow "),
              t("shrugged it off. "), Cite("a05", "5"))),  # fmt: skip
        BlockQuote(
            children=(Para((t("“We have already imposed sanctions and export controls on more than 100 Chinese "),
                            t("entities.”"))),),  # fmt: skip
            attribution=(t("Antony Blinken, US Secretary of State "), Cite("a02", "2")),
        ),
        Para((t("Risks in order of likelihood:"),)),
        ListBlock(
            items=(
                (Para((t("Secondary sanctions on Chinese banks."),)),),
                (Para((t("Export-control escalation."),)),),
            ),
            ordered=True,
        ),
        Heading(1, (t("Sources"),), "sources"),
        sources_table(ARTICLES),
        Para((t("Full text at "), Link((t("the archive"),), "https://example.org/archive?a=1&b=2"), t("."))),
    )
    return Doc(meta=meta, blocks=blocks)


_TOPICS = ("Diplomacy", "Trade", "Security", "Technology", "Russia", "Taiwan", "Economy", "Energy")


def scaled_doc(n_articles: int) -> Doc:
    """A brief of the size the pipeline produces for `n_articles` inputs: one section
    per topic, points and quotes in proportion, one source row per article."""
    ids = [f"a{n:03d}" for n in range(1, n_articles + 1)]
    sections = min(len(_TOPICS), max(2, n_articles // 10))
    points_per_section = max(3, n_articles // sections // 2)
    quotes_per_section = max(1, n_articles // sections // 6)
    blocks: list = [Toc(), Heading(1, (t("Key points"),), "key-points")]
    blocks.append(ListBlock(items=tuple(
        (Para((t(f"Key point {k}: officials said talks on issue {k} would continue – “steady” progress. "),
               Cite(ids[k % n_articles], str(k % n_articles + 1)))),)
        for k in range(min(8, n_articles))
    )))  # fmt: skip
    for s in range(sections):
        topic = _TOPICS[s]
        blocks.append(Heading(1, (t(topic),), f"s{s}"))
        blocks.append(Para((t(f"{topic}: summary of coverage across {n_articles} articles, with "),
                            Strong((t("bold"),)), t(" and "), Emph((t("italic"),)), t(" text & <symbols>."))))  # fmt: skip
        items = []
        for p in range(points_per_section):
            k = (s * points_per_section + p) % n_articles
            items.append((Para((
                t(f"Point {p + 1}: the minister of {topic.lower()} said on Tuesday that the measures announced "),
                t("last week would be reviewed “in good faith” by both sides, citing earlier talks. "),
                Cite(ids[k], str(k + 1)),
            )),))  # fmt: skip
        blocks.append(ListBlock(items=tuple(items)))
        for q in range(quotes_per_section):
            k = (s * quotes_per_section + q) % n_articles
            blocks.append(BlockQuote(
                children=(Para((t("“We will continue to work with our partners to reduce tensions and keep "
                                  "channels of communication open.”"),)),),
                attribution=(t(f"Spokesperson {q + 1} (王毅), Ministry of Foreign Affairs "), Cite(ids[k], str(k + 1))),
            ))  # fmt: skip
    blocks.append(Heading(1, (t("Sources"),), "sources"))
    rows = tuple(
        (f"a{n:03d}", f"Article {n}: officials meet amid tensions over trade and technology", "Outlet",
         "2024-04-26", f"https://example.org/news/{n}")
        for n in range(1, n_articles + 1)
    )  # fmt: skip
    blocks.append(sources_table(rows))
    meta = DocMeta(title=f"Synthetic brief ({n_articles} articles)", as_of=AS_OF, banner="TLP:CLEAR",
                   audience="Benchmark")  # fmt: skip
    return Doc(meta=meta, blocks=tuple(blocks))
