"""Render timings: our DOCX and PDF renderers against pandoc's Markdown -> DOCX.

For a seeds-sized brief (the sample brief, 5 articles) and a 200-article-sized one
(synthesised in proportion: sections, points, quotes, one source row per article), time
`render(doc)` for DOCX and PDF (best of N after a warm-up, so font registration is not
counted; the first PDF render's cost is printed separately), and `pandoc` converting the
equivalent Markdown to DOCX. Prints a table and the ratio ours/pandoc.

Usage: python benchmarks/render.py [--repeat N]
The Markdown comes from `doc_to_markdown` below, a minimal writer; it may later be
replaced by the pipeline's own template output.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "write" / "render"))

import pypdf  # noqa: E402

from briefing.write import doc as d  # noqa: E402
from briefing.write.render import RenderOptions, get_renderer  # noqa: E402
from render_sample import sample_doc, scaled_doc  # noqa: E402


def inline_md(node: d.Inline) -> str:
    match node:
        case d.Text(text=text):
            return "".join("\\" + ch if ch in "\\`*_{}[]<>#|" else ch for ch in text)
        case d.Strong(children=c):
            return f"**{''.join(map(inline_md, c))}**"
        case d.Emph(children=c):
            return f"*{''.join(map(inline_md, c))}*"
        case d.Link(children=c, url=url):
            return f"[{''.join(map(inline_md, c))}]({url})"
        case d.Cite(article_id=aid, label=label):
            return f"[\\[{label}\\]](#src_{aid})"
        case d.Anchor(article_id=aid, label=label):
            return f"[{label}]{{#src_{aid}}}"
    raise TypeError(node)


def block_md(block: d.Block, indent: str = "") -> list[str]:
    """Pandoc Markdown for one block (lines), enough for equivalent output size."""
    match block:
        case d.Heading(level=level, children=c, id=hid):
            return ["#" * level + " " + "".join(map(inline_md, c)) + f" {{#{hid}}}", ""]
        case d.Para(children=c):
            return [indent + "".join(map(inline_md, c)), ""]
        case d.ListBlock(items=items, ordered=ordered, start=start):
            lines = []
            for n, item in enumerate(items, start=start):
                marker = f"{n}. " if ordered else "- "
                body = [line for child in item for line in block_md(child, indent + "    ") if line]
                lines.append(indent + marker + body[0].strip())
                lines.extend(body[1:])
            return [*lines, ""]
        case d.BlockQuote(children=children, attribution=attribution):
            lines = ["> " + line for child in children for line in block_md(child) if line]
            if attribution:
                lines += [">", "> — " + "".join(map(inline_md, attribution))]
            return [*lines, ""]
        case d.Table(header=header, rows=rows):
            def row(cells: tuple[tuple[d.Inline, ...], ...]) -> str:
                return "| " + " | ".join("".join(map(inline_md, cell)) for cell in cells) + " |"

            return [row(header), "|" + "---|" * len(header), *map(row, rows), ""]
        case d.Toc():
            return []  # pandoc: --toc
    raise TypeError(block)


def doc_to_markdown(doc: d.Doc) -> str:
    meta = doc.meta
    head = ["---", f'title: "{meta.title}"', f'date: "{meta.as_of.isoformat()}"', "---", ""]
    return "\n".join(head + [line for block in doc.blocks for line in block_md(block)])


def best_of(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    options = RenderOptions()
    docx_r, pdf_r = get_renderer("docx"), get_renderer("pdf")

    start = time.perf_counter()
    pdf_r.render(sample_doc(), options)
    cold = time.perf_counter() - start

    print(f"first PDF render in this process (fonts registered): {cold * 1000:.0f} ms")
    print(f"{'brief':<22}{'pages':>6}{'docx ms':>10}{'pdf ms':>10}{'pandoc ms':>11}{'docx/pandoc':>13}")
    for name, doc in (("seeds (5 articles)", sample_doc()), ("200 articles", scaled_doc(200))):
        pages = len(pypdf.PdfReader(io.BytesIO(pdf_r.render(doc, options))).pages)
        t_docx = best_of(lambda: docx_r.render(doc, options), args.repeat)
        t_pdf = best_of(lambda: pdf_r.render(doc, options), max(1, args.repeat // 2))
        t_pandoc = float("nan")
        if pandoc:
            with tempfile.TemporaryDirectory() as tmp:
                md = Path(tmp) / "brief.md"
                md.write_text(doc_to_markdown(doc), encoding="utf-8")
                cmd = [pandoc, str(md), "--toc", "-o", str(Path(tmp) / "brief.docx")]
                t_pandoc = best_of(lambda: subprocess.run(cmd, check=True), args.repeat)
        ratio = t_docx / t_pandoc if pandoc else float("nan")
        print(f"{name:<22}{pages:>6}{t_docx * 1000:>10.1f}{t_pdf * 1000:>10.1f}{t_pandoc * 1000:>11.1f}{ratio:>13.2f}")
    if not pandoc:
        print("pandoc not installed: no comparison")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
