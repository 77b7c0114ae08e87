"""Problems found in a journey file, and the exception that carries them.

Every problem names the file, the line and column (1-based), the field path (``steps[3].next``) and what was
expected, so that one line is enough to find and fix it::

    journeys/x.yaml:14:7: error: steps[3].next: probabilities of 'check' sum to 0.95, expected 1 (tolerance 1e-06)

A loader collects all the problems of a file before it raises, so an author fixes them in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]
Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``("steps", 3, "next")`` -> ``"steps[3].next"``.

    >>> format_path(("steps", 3, "next"))
    'steps[3].next'
    >>> format_path(())
    '(top level)'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file."""

    file: str
    line: int
    column: int
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        message = " ".join(self.message.split()) if "\n" in self.message else self.message
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{message}"


class JourneyError(Exception):
    """A journey file (or several) could not be loaded; ``problems`` lists every error found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
