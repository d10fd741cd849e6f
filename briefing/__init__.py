"""briefing: a folder of news articles in, a policy brief a senior reader can trust out.

Importing the package loads no renderer (reportlab, python-docx) and no YAKE; each is
imported by the stage that needs it.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
