"""Renderers: a `Doc` in, the bytes of one file format out.

Registered by name and imported lazily, so `import briefing` never loads reportlab or
python-docx. Renderers return bytes; the caller writes them atomically.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from briefing.write.doc import Doc
from briefing.errors import ConfigError


@dataclass(frozen=True, slots=True)
class RenderOptions:
    paper: str = "A4"  # "A4" | "Letter"
    reference_doc: Path | None = None  # a user's .docx to take styles from
    templates_dir: Path | None = None  # overrides for templates/styles/*
    author: str = ""  # document properties' author (DOCX creator, PDF /Author)
    language: str = "en-GB"  # BCP 47 tag: DOCX dc:language, PDF /Lang
    pdf_engine: str = "reportlab"  # or "libreoffice": a tagged PDF converted from the DOCX


class Renderer(Protocol):
    suffix: str

    def render(self, doc: Doc, options: RenderOptions) -> bytes: ...


_RENDERERS: dict[str, str] = {
    "docx": "briefing.write.render.docx",
    "pdf": "briefing.write.render.pdf",
}
# PDF engines, by `RenderOptions.pdf_engine`.
PDF_ENGINES: dict[str, str] = {
    "reportlab": "briefing.write.render.pdf",
    "libreoffice": "briefing.write.render.pdf_libreoffice",
}


class _EnginePdf:
    """The "pdf" renderer: the engine `RenderOptions.pdf_engine` names."""

    suffix = ".pdf"

    def render(self, doc: Doc, options: RenderOptions) -> bytes:
        module = PDF_ENGINES.get(options.pdf_engine)
        if module is None:
            raise ConfigError(f"--pdf-engine {options.pdf_engine}: expected one of {', '.join(PDF_ENGINES)}")
        renderer: Renderer = importlib.import_module(module).RENDERER
        return renderer.render(doc, options)


def get_renderer(name: str) -> Renderer:
    """The renderer registered as `name`; its module is imported on first use."""
    if name == "pdf":
        return _EnginePdf()
    try:
        module = importlib.import_module(_RENDERERS[name])
    except KeyError:
        raise ConfigError(f"unknown output format {name!r} (known: {', '.join(sorted(_RENDERERS))})") from None
    renderer: Renderer = module.RENDERER
    return renderer
