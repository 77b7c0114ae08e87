"""What a redesign changes in a journey's structure: steps added, removed and changed."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Journey, Step

#: Step properties compared, with how each is shown.
COMPARED = ("actor", "channel", "duration", "wait", "cost", "resource", "in_person", "next", "outcome")


def _shown(step: Step, field: str) -> str:
    value = getattr(step, field)
    if field in ("duration", "wait"):
        return value.describe()
    if field == "next":
        return ", ".join(f"{b.to} {b.p:.3g}" for b in value) or "-"
    return "-" if value is None else str(value)


@dataclass(frozen=True)
class StepChange:
    """One property of one step, before and after."""

    step: str
    field: str
    before: str
    after: str


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

    def to_dict(self) -> dict:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [{"step": c.step, "field": c.field, "before": c.before, "after": c.after} for c in self.changed],
        }


def structural_diff(base: Journey, redesign: Journey) -> StructuralDiff:
    """Compare two journeys step by step (by step id).

    >>> from nssf_journey import parse_journey
    >>> text = '''
    ... journey: d
    ... title: D
    ... actors: [{id: w, name: W, lane: customer}]
    ... start: a
    ... steps:
    ...   - {id: a, name: A, actor: w, duration: 10, next: b, source: "assumption: x"}
    ...   - {id: b, name: B, actor: w, outcome: success}
    ... '''
    >>> d = structural_diff(parse_journey(text), parse_journey(text.replace("duration: 10", "duration: 5")))
    >>> d.changed[0].step, d.changed[0].field, d.changed[0].before, d.changed[0].after
    ('a', 'duration', '10', '5')
    """
    before, after = base.step_by_id, redesign.step_by_id
    changes = []
    for sid, old in before.items():
        new = after.get(sid)
        if new is None:
            continue
        for field in COMPARED:
            a, b = _shown(old, field), _shown(new, field)
            if a != b:
                changes.append(StepChange(sid, field, a, b))
    return StructuralDiff(
        added=tuple(s for s in after if s not in before),
        removed=tuple(s for s in before if s not in after),
        changed=tuple(changes),
    )
