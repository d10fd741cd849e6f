"""One error hierarchy. Every error the user can cause is a `BriefingError` whose message
is one line naming the file and what is wrong; the CLI prints it and exits with
`exit_code`, never a traceback.

Exit codes (README "Exit codes"; keep the two in step):

    0    the brief was built (skipped articles are listed, not fatal)
    2    no usable input                         InputError
    3    a configuration or option problem       ConfigError
    4    a template problem                      TemplateError
    5    a renderer could not produce a file     RenderError
    6    the output folder cannot be written     OutputError
    70   an internal bug (please report it)      anything else, BriefingError itself
    130  interrupted (Ctrl-C or SIGTERM)         previous outputs left as they were
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_CONFIG = 3
EXIT_TEMPLATE = 4
EXIT_RENDER = 5
EXIT_OUTPUT = 6
EXIT_BUG = 70
EXIT_INTERRUPTED = 130


class BriefingError(Exception):
    """Base of all expected failures. `str(err)` is the one-line message. Raised as is
    (not as a subclass) it is a failure nobody classified: reported as a bug."""

    exit_code = EXIT_BUG


class InputError(BriefingError):
    """No usable input: empty folder, no readable article, bad path."""

    exit_code = EXIT_INPUT


class ConfigError(BriefingError):
    """A taxonomy, audience or option that cannot be used."""

    exit_code = EXIT_CONFIG


class TemplateError(BriefingError):
    """A template that fails to load, render, or emits Markdown outside the allowed set."""

    exit_code = EXIT_TEMPLATE


class RenderError(BriefingError):
    """A renderer cannot produce its output (bad reference document, missing style)."""

    exit_code = EXIT_RENDER


class OutputError(BriefingError):
    """The output folder cannot be written."""

    exit_code = EXIT_OUTPUT


class Interrupted(BriefingError):
    """The run was stopped (Ctrl-C, SIGTERM) before it finished; nothing was replaced."""

    exit_code = EXIT_INTERRUPTED
