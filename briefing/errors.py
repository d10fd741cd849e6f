"""One error hierarchy. Every error the user can cause is a `BriefingError` whose message
is one line naming the file and what is wrong; the CLI prints it and exits with
`exit_code`, never a traceback."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of all expected failures. `str(err)` is the one-line message."""

    exit_code = 1


class InputError(BriefingError):
    """No usable input: empty folder, no readable article, bad path."""

    exit_code = 2


class ConfigError(BriefingError):
    """A taxonomy, audience or option that cannot be used."""

    exit_code = 3


class TemplateError(BriefingError):
    """A template that fails to load, render, or emits Markdown outside the allowed set."""

    exit_code = 4


class RenderError(BriefingError):
    """A renderer cannot produce its output (bad reference document, missing style)."""

    exit_code = 5


class OutputError(BriefingError):
    """The output folder cannot be written."""

    exit_code = 6
