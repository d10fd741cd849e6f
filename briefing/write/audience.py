"""One audience's documents: template -> Markdown -> `Doc` -> DOCX and PDF, cut to the
template's page limit.

In: the brief as data (what brief.json holds), an audience name and the build options.
Out: the Markdown, the `Doc` tree, the rendered files and the keys of what a page limit
dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from briefing.errors import BriefingError, RenderError
from briefing.write.context import drop_keys, item_texts, template_context
from briefing.write.doc import Doc
from briefing.write.layout import parse_markdown, render_markdown
from briefing.write.render import RenderOptions, get_renderer

__all__ = ["page_count", "render_audience"]


def render_audience(
    data: dict[str, Any], audience: str, options: Any, env: Any
) -> tuple[str, Doc, dict[str, bytes], list[str]]:
    """Template -> Markdown -> Doc -> files for one audience. When the template sets a
    page limit, the lowest-ranked content is dropped (whole items, never part of a
    sentence) until the PDF fits; the dropped keys are returned."""
    render_opts = RenderOptions(paper=options.paper, reference_doc=options.reference_doc, templates_dir=options.templates,
                                author=getattr(options, "author", None) or "", pdf_engine=getattr(options, "pdf_engine", "reportlab"))  # fmt: skip
    template = f"audiences/{audience}.md.j2"
    as_of = date.fromisoformat(data["as_of"])

    def attempt(drop: frozenset[str]) -> tuple[str, Doc]:
        markdown = render_markdown(env, audience, template_context(data, drop))
        return markdown, parse_markdown(markdown, template, as_of)

    markdown, doc = attempt(frozenset())
    dropped: list[str] = []
    if doc.meta.page_limit:
        limit = doc.meta.page_limit
        if pages_of(doc, render_opts) > limit:
            # Only what the page shows can make it longer.
            shown = " ".join(markdown.replace("**", "").replace("\\", "").split())
            candidates = drop_keys(data)
            keys = [k for k, text in zip(candidates, item_texts(data, candidates)) if " ".join(text.split()) in shown]
            lo, hi = 1, len(keys)
            best: tuple[int, str, Doc] | None = None
            # Pages only fall as more is dropped: binary-search the fewest drops.
            while lo <= hi:
                mid = (lo + hi) // 2
                md_mid, doc_mid = attempt(frozenset(keys[:mid]))
                if pages_of(doc_mid, render_opts) <= limit:
                    best, hi = (mid, md_mid, doc_mid), mid - 1
                else:
                    lo = mid + 1
            if best is None:
                # Even without every droppable item it does not fit (a long source
                # list, say): print the shortest version and say so in brief.json.
                markdown, doc = attempt(frozenset(keys))
                best = (len(keys), markdown, doc)
                dropped.append(f"over_limit:{limit}")
            n, markdown, doc = best
            dropped = keys[:n] + dropped
    outputs = {fmt: _render(fmt, doc, render_opts, audience) for fmt in options.formats}
    return markdown, doc, outputs, dropped


def pages_of(doc: Doc, render_opts: RenderOptions) -> int:
    """The pages the PDF of `doc` takes: counted from reportlab's layout without writing
    the file; another engine's file is written and its pages counted."""
    if render_opts.pdf_engine == "reportlab":
        from briefing.write.render.pdf import RENDERER

        return RENDERER.count_pages(doc, render_opts)
    return page_count(get_renderer("pdf").render(doc, render_opts))


def _render(fmt: str, doc: Doc, render_opts: RenderOptions, audience: str) -> bytes:
    try:
        return get_renderer(fmt).render(doc, render_opts)
    except BriefingError:
        raise
    except RecursionError:
        raise RenderError(f"{audience}.{fmt}: cannot render (content nested too deeply)") from None
    except (ValueError, TypeError, LookupError, ArithmeticError, AttributeError, AssertionError) as err:
        # A renderer library refusing the content (a table cell too large for a page,
        # a glyph it cannot map): name the file instead of a traceback.
        detail = " ".join(str(err).split())[:160]
        raise RenderError(f"{audience}.{fmt}: cannot render ({err.__class__.__name__}: {detail})") from None


def page_count(pdf_bytes: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)
