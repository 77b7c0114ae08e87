"""What a redesign changes in a journey's structure: steps added, removed and changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Journey
from ..units import CURRENCY, MINUTES_PER, readable_unit

#: Step properties compared, with how each is shown.
COMPARED = ("actor", "channel", "duration", "wait", "cost", "resource", "in_person", "next", "outcome")
#: Properties that are durations (distributions of minutes), shown in a unit that is named.
TIMES = ("duration", "wait")


_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[+-]?\d+)?")


def _rounded(match: re.Match[str]) -> str:
    x = float(match.group())
    return f"{x:,.0f}" if x >= 1000 else f"{x:.4g}"


def shown(value: Any, field: str, unit: str = "minutes") -> str:
    """One property of a step as text; durations in ``unit``, which is named, to four significant figures.

    >>> from nssf_journey.distributions import Lognormal, Triangular
    >>> shown(Lognormal(3105.22, 1440), "wait", "days"), shown(Triangular(7200, 14400, 43200), "wait", "minutes")
    ('lognormal mean 2.156 sd 1 days', 'triangular 7,200/14,400/43,200 minutes')
    """
    if field in TIMES:
        return f"{_NUMBER.sub(_rounded, value.describe(MINUTES_PER[unit]))} {unit}"
    if field == "cost":
        return f"{CURRENCY} {value:,.2f}"
    if field == "next":
        return ", ".join(f"{b.to} {b.p:.3g}" for b in value) or "-"
    return "-" if value is None else str(value)


@dataclass(frozen=True)
class StepChange:
    """One property of one step, before and after (durations as distributions of minutes)."""

    step: str
    field: str
    before: Any
    after: Any

    def shown(self, unit: str = "minutes") -> tuple[str, str]:
        """The value before and after as text. Durations are in ``unit``, or in a smaller unit when the larger of
        the two means would read below 1 in ``unit`` (an hour's step of a journey counted in days reads in hours).
        """
        if self.field in TIMES:
            unit = readable_unit(max(self.before.mean, self.after.mean), unit)
        return shown(self.before, self.field, unit), shown(self.after, self.field, unit)

    def to_dict(self, unit: str = "minutes") -> dict[str, str]:
        before, after = self.shown(unit)
        return {"step": self.step, "field": self.field, "before": before, "after": after}


@dataclass(frozen=True)
class StructuralDiff:
    """Steps added, removed and changed between an as-is journey and a redesign."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[StepChange, ...]

    @property
    def changed_steps(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.step for c in self.changed))

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self, unit: str = "minutes") -> dict:
        """Step ids added and removed, and each change with durations in ``unit`` (named in the text)."""
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [c.to_dict(unit) for c in self.changed],
        }


def structural_diff(base: Journey, redesign: Journey) -> StructuralDiff:
    """Compare two journeys step by step (by step id).

    >>> from nssf_journey.examples import one_step
    >>> d = structural_diff(one_step(duration=10), one_step(duration="2 h"))
    >>> d.changed[0].step, d.changed[0].field, d.changed[0].shown("minutes"), d.changed[0].shown("days")
    ('ask', 'duration', ('10 minutes', '120 minutes'), ('0.1667 hours', '2 hours'))
    """
    before, after = base.step_by_id, redesign.step_by_id
    changes = []
    for sid, old in before.items():
        new = after.get(sid)
        if new is None:
            continue
        for field in COMPARED:
            a, b = getattr(old, field), getattr(new, field)
            if a != b:
                changes.append(StepChange(sid, field, a, b))
    return StructuralDiff(
        added=tuple(s for s in after if s not in before),
        removed=tuple(s for s in before if s not in after),
        changed=tuple(changes),
    )
