"""Fixtures for the renderer tests: the sample brief and its rendered bytes (rendered
once per session, since several tests read the same output)."""

from __future__ import annotations

import pytest

from briefing.write.doc import Doc
from briefing.write.render import RenderOptions, get_renderer
from render_sample import sample_doc


@pytest.fixture(scope="session")
def doc() -> Doc:
    return sample_doc()


@pytest.fixture(scope="session")
def docx_bytes(doc: Doc) -> bytes:
    return get_renderer("docx").render(doc, RenderOptions())


@pytest.fixture(scope="session")
def pdf_bytes(doc: Doc) -> bytes:
    return get_renderer("pdf").render(doc, RenderOptions())
