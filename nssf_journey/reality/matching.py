"""Which steps of a journey stand for which activities of an event log.

A step stands for the activities its ``log_activity`` names (one or several), else for the activity that has its
(English) name, if the log has one. A step that stands for no activity of the log is *silent*: the case system
does not record it (a worker's visit to a clinic, an employer's signature), so a case passes it without an event. A ``log_activity``
that the log does not have still makes its step recorded: the log would show it, so no case took it.
Several steps may stand for one activity (a first check and a re-check both recorded as "Check claim"), and one
step for several activities (a step "NSSF checks the claim" for "Check documents" and "Verify employment").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from ..model import Journey


@dataclass(frozen=True)
class StepMatch:
    """The steps of ``journey`` and the activities of a log they stand for.

    Attributes
    ----------
    journey : Journey
    activities : tuple of str
        The log's activity names; an activity's code is its index here.
    labels : tuple of frozenset of int
        Per step (in file order), the codes of the activities it stands for; empty for a silent step. A step whose
        ``log_activity`` names an activity the log does not have also holds a negative code that no event has.
    unknown : tuple of (str, str)
        ``(step id, activity)`` for each ``log_activity`` that is not an activity of the log (a typo, or an
        activity this log does not have).
    """

    journey: Journey
    activities: tuple[str, ...]
    labels: tuple[frozenset[int], ...]
    unknown: tuple[tuple[str, str], ...] = ()

    @cached_property
    def steps_of(self) -> dict[int, tuple[int, ...]]:
        """Activity code -> the indices of the steps that stand for it."""
        out: dict[int, list[int]] = {}
        for i, codes in enumerate(self.labels):
            for c in codes:
                if c >= 0:
                    out.setdefault(c, []).append(i)
        return {c: tuple(v) for c, v in out.items()}

    @property
    def unmatched(self) -> tuple[str, ...]:
        """Activities of the log that no step stands for, in the log's order."""
        return tuple(a for c, a in enumerate(self.activities) if c not in self.steps_of)

    def is_silent(self, step: int) -> bool:
        return not self.labels[step]

    @property
    def recorded_steps(self) -> tuple[str, ...]:
        """Ids of the steps that stand for an activity of the log."""
        return tuple(s.id for s, codes in zip(self.journey.steps, self.labels) if codes)


def match_steps(journey: Journey, activities: Sequence[str]) -> StepMatch:
    """Match the steps of ``journey`` to the ``activities`` of a log (see the module docstring).

    Examples
    --------
    >>> from nssf_journey import parse_journey
    >>> j = parse_journey('''
    ... journey: demo
    ... title: Demo
    ... actors: [{id: w, name: Worker, lane: customer}]
    ... start: ask
    ... steps:
    ...   - {id: ask, name: Ask, actor: w, next: sign}
    ...   - {id: sign, name: Employer signs, actor: w, next: check}
    ...   - {id: check, name: Check, actor: w, log_activity: [Check documents, Verify], next: done}
    ...   - {id: done, name: Paid, actor: w, outcome: success}
    ... ''')
    >>> m = match_steps(j, ["Ask", "Check documents", "Verify", "Archive"])
    >>> [sorted(x) for x in m.labels], m.unmatched
    ([[0], [], [1, 2], []], ('Archive',))
    """
    code = {a: i for i, a in enumerate(activities)}
    labels = []
    unknown = []
    for step in journey.steps:
        if step.log_activity:
            missing = [a for a in step.log_activity if a not in code]
            never = {-1 - len(labels)} if missing else set()
            labels.append(frozenset(code[a] for a in step.log_activity if a in code) | never)
            unknown += [(step.id, a) for a in missing]
        else:
            name = str(step.name)
            labels.append(frozenset((code[name],)) if name in code else frozenset())
    return StepMatch(journey, tuple(activities), tuple(labels), tuple(unknown))
