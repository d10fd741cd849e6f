"""briefing: a folder of news articles in, a policy brief a senior reader can trust out.

    from briefing import BuildOptions, build
    build(BuildOptions(input_dir=Path("seeds"), out_dir=Path("out")))

The package follows the pipeline: `read` (files to `Document`s), `analyse` (one article
at a time), `brief` (the corpus-wide reduce into one `Brief`), `write` (templates, the
`Doc` tree, DOCX and PDF); `pipeline` runs them in order. Importing the package loads no
renderer (reportlab, python-docx) and no YAKE; each is imported by the stage that needs it.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["BuildOptions", "BuildResult", "__version__", "build"]


def __getattr__(name: str) -> Any:
    # `briefing.build` without importing the pipeline (and its libraries) on `import briefing`.
    if name in ("build", "BuildOptions", "BuildResult"):
        from briefing import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
