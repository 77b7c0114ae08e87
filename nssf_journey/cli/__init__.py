"""The ``nssf-journey`` command line: a thin layer over the library.

Commands parse their arguments, call library functions, print results, and turn library errors into one-line
messages with exit code 2. Nothing here computes anything the library does not. Each module holds a group of
commands; importing it registers them on :data:`app`.
"""

from __future__ import annotations

import sys

from ..loading.problems import JourneyError

# Importing a group registers its commands; --help lists them in this order.
from . import journeys, analysis, simulate, render, report, redesign, infopack, capacity, eventlog, reality  # noqa: F401, I001  isort: skip
from .app import EXIT_BAD_INPUT, app, print_problems


def main() -> None:
    """Entry point of the ``nssf-journey`` console script."""
    from .host_process import configure

    configure()  # before NumPy loads: this process is the command's own
    try:
        app()
    except JourneyError as exc:  # a library error that escaped a command: still one line each, exit 2
        print_problems(exc.problems)
        sys.exit(EXIT_BAD_INPUT)
    except BrokenPipeError:  # output piped into `head`
        sys.exit(0)
