"""Reading an input file: the one place that says why a file cannot be read.

Journeys and the files of the data folder are read the same way: as bytes, then decoded as UTF-8, so that a
missing file, a folder, a file without permission, binary data and text in another encoding each get one
located line instead of a traceback::

    journeys/x.yaml:2:11: error: the file is not UTF-8 text
"""

from __future__ import annotations

import os

from .problems import JourneyError, Problem
from .yaml_source import Document, parse_yaml


def read_text(file: str | os.PathLike[str], expected: str = "a journey file") -> str:
    """The text of ``file``; :class:`JourneyError` with one problem when it cannot be read as UTF-8 text.

    ``expected`` names what the file should be, for the messages (``"a journey file"``, ``"a data file"``).

    Examples
    --------
    >>> read_text("/nonexistent/x.yaml")
    Traceback (most recent call last):
    ...
    nssf_journey.loading.problems.JourneyError: /nonexistent/x.yaml:1:1: error: no such file
    """
    name = str(file)

    def fail(message: str, line: int = 1, column: int = 1) -> JourneyError:
        return JourneyError([Problem(name, line, column, "error", "", message)])

    try:
        with open(file, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail(f"is a folder, expected {expected}") from None
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    if b"\x00" in raw[:8192]:
        raise fail(f"this is not {expected} (it holds binary data, not text)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail("the file is not UTF-8 text", line, column) from None


def read_document(file: str | os.PathLike[str], expected: str = "a journey file",
                  content: str = "a journey mapping") -> Document:
    """Read and parse a YAML file, remembering positions; :class:`JourneyError` with every problem otherwise.

    ``content`` says what the document should hold, for the message about an empty file.
    """
    return parse_yaml(read_text(file, expected), str(file), content)
