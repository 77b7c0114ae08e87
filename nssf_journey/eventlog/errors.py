"""Problems in an event log, located at a file and a row (a line of a CSV file, of an XES file).

A problem prints as one line, ``receipt.csv:12: error: time:timestamp: expected ..., got 'yesterday'``, and
:class:`LogError` carries all the problems found in one pass. The command line prints them and exits with 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class LogProblem:
    """One problem in an event log. ``line`` is 0 when the problem is the file's as a whole."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f"{self.field}: " if self.field else ""
        return f"{where}: error: {field}{self.message}"


class LogError(Exception):
    """An event log could not be read; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[LogProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(file: str, message: str, line: int = 0, field: str = "") -> LogError:
    """A :class:`LogError` with one problem (to ``raise``)."""
    return LogError([LogProblem(file, line, field, message)])
