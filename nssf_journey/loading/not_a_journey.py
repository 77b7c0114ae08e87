"""Files that are not journeys at all: say so in one short line instead of validating them key by key.

A new user points the tool at whatever is at hand: an event log (``receipt.csv``), an XES or JSON log, a data
file. YAML reads most text as something (a CSV becomes one long string), so validating it as a journey would
quote the whole file back in one enormous error line. Instead::

    receipt.csv:1:1: error: this is not a journey file (it looks like a CSV table with 15 columns)

The contents are never quoted: only what the file looks like.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .format import JOURNEY, OVERLAY
from .problems import Problem

#: Lines of a text that are looked at to tell what it is.
_SAMPLE_LINES = 20
_DELIMITERS = (",", ";", "\t")


def looks_like(text: str) -> str | None:
    """What a text that is not YAML for a journey looks like, or ``None`` when nothing stands out.

    Examples
    --------
    >>> looks_like("case,activity,time\\n1,register,2024-01-01\\n1,pay,2024-01-02\\n")
    'a CSV table with 3 columns'
    >>> looks_like('<?xml version="1.0"?>\\n<log></log>')
    'an XML document'
    >>> looks_like('{"case": 1}\\n{"case": 2}\\n')
    'JSON lines (one record a line)'
    >>> looks_like("journey: x\\ntitle: [") is None
    True
    """
    lines = [line for line in text.lstrip("\ufeff").splitlines()[:_SAMPLE_LINES] if line.strip()]
    if not lines:
        return None
    first = lines[0].lstrip()
    if first.startswith("<"):
        return "an XML document"
    if len(lines) >= 2 and all(line.lstrip().startswith("{") and line.rstrip().endswith("}") for line in lines):
        return "JSON lines (one record a line)"
    if len(lines) >= 2:
        for delimiter in _DELIMITERS:
            counts = {line.count(delimiter) for line in lines[: min(len(lines), 5)]}
            if len(counts) == 1 and min(counts) >= 1 and ": " not in first:
                name = "CSV" if delimiter != "\t" else "tab-separated"
                return f"a {name} table with {counts.pop() + 1} columns"
    return None


def _refusal(file: str, what: str) -> Problem:
    return Problem(file, 1, 1, "error", "", f"this is not a journey file ({what})")


def not_a_journey_text(text: str, file: str) -> Problem | None:
    """For a text that is not valid YAML: the one problem to report when it is plainly another kind of file."""
    what = looks_like(text)
    return _refusal(file, f"it looks like {what}") if what else None


def not_a_journey(data: Any, text: str, file: str) -> Problem | None:
    """For parsed YAML: the one problem to report when it cannot be a journey, else ``None``.

    A single value (text, a number, a date) is not a journey; nor is a mapping with none of a journey's or a
    redesign's keys. A list is left to the format's own message ("expected a journey mapping, got a list").

    >>> str(not_a_journey("a,b\\n1,2", "a,b\\n1,2\\n3,4\\n", "x.csv"))
    'x.csv:1:1: error: this is not a journey file (it looks like a CSV table with 2 columns)'
    >>> not_a_journey({"events": []}, "", "log.json").message
    'this is not a journey file (none of its keys is a journey key such as journey, title, actors, start or steps)'
    """
    if isinstance(data, (str, int, float, bool, dt.date)):
        what = looks_like(text)
        if what:
            return _refusal(file, f"it looks like {what}")
        kind = "text" if isinstance(data, str) else "a single value"
        return _refusal(file, f"it holds {kind}, not a YAML mapping of journey, title, actors, start and steps")
    if isinstance(data, dict) and data and not any(k in JOURNEY.fields or k in OVERLAY.fields for k in data):
        return _refusal(file, "none of its keys is a journey key such as journey, title, actors, start or steps")
    return None
