"""A redesign in a director's words: what changes ("pay online instead of at the office") and where it saves time.

:func:`plain_changes` turns the structural difference of a redesign (steps removed, added and changed,
:mod:`nssf_journey.compare.structure`) into short sentences; :func:`step_savings` splits the saving of expected
lead time into what each step contributes, for a waterfall chart: the expected lead time of a journey is the sum
over its steps of (expected passes x mean time of a pass), so the per-step differences add up exactly to the
difference of the lead times.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..render.style import CHANNEL_WORDS, channel_words, human_time

if TYPE_CHECKING:  # pragma: no cover
    from ..compare import Comparison
    from ..model import Journey

_REDESIGN_NAME = re.compile(r"\((?:redesign|to-be)\s*:\s*([^)]+)\)\s*$", re.I)


def redesign_name(redesign: "Journey") -> str:
    """The change a redesign makes, from its title: "Monthly contribution payment (redesign: online payment and
    declaration)" -> "Online payment and declaration"; the whole title when it has no such part."""
    m = _REDESIGN_NAME.search(str(redesign.title))
    if not m:
        return str(redesign.title)
    name = m.group(1).strip()
    return name[:1].upper() + name[1:]


def plain_changes(comparison: "Comparison", *, limit: int = 6) -> tuple[str, ...]:
    """What a redesign changes, in sentences a director uses, most telling first; at most ``limit`` (the rest
    counted in a last sentence).

    >>> from nssf_journey.compare import compare_journeys
    >>> from nssf_journey.examples import one_step
    >>> plain_changes(compare_journeys(one_step(duration=60), one_step(duration=10), cases=0))
    ('\u201cAsk\u201d takes 10 min instead of 60 min.',)
    """
    c = comparison
    base, new = c.base.step_by_id, c.redesign.step_by_id
    out: list[str] = []
    removed = [base[s] for s in c.structure.removed if not base[s].is_terminal]
    added = [new[s] for s in c.structure.added if not new[s].is_terminal]
    for s in added:
        how = f" ({channel_words(s.channel)})" if s.channel else ""
        out.append(f"New: \u201c{s.name}\u201d{how}.")
    if removed:
        names = ", ".join(f"\u201c{s.name}\u201d" for s in removed[:4])
        more = f" and {len(removed) - 4} more" if len(removed) > 4 else ""
        out.append(f"No longer needed: {names}{more}.")
    for sid in c.structure.changed_steps:
        before, after = base[sid], new[sid]
        fields = {ch.field: ch for ch in c.structure.changed if ch.step == sid}
        name = f"\u201c{after.name}\u201d"
        if "channel" in fields:
            out.append(f"{name}: {channel_words(after.channel)} instead of {channel_words(before.channel)}.")
        elif "in_person" in fields and not after.in_person:
            out.append(f"{name}: no trip needed any more.")
        if "actor" in fields:
            out.append(f"{name}: done by {c.redesign.actor_by_id[after.actor].name} instead of "
                       f"{c.base.actor_by_id[before.actor].name}.")
        if "wait" in fields:
            out.append(f"{name}: the wait is {human_time(after.wait.mean)} instead of {human_time(before.wait.mean)}.")
        if "duration" in fields:
            out.append(f"{name} takes {human_time(after.duration.mean)} instead of "
                       f"{human_time(before.duration.mean)}.")
        if "cost" in fields:
            out.append(f"{name} costs US$ {after.cost:,.2f} instead of US$ {before.cost:,.2f}.")
        if "next" in fields:
            branch = _branch_change(name, before, after, c)
            if branch:
                out.append(branch)
        if "resource" in fields and after.resource:
            out.append(f"{name}: served at {after.resource} instead of {before.resource or 'no counter'}.")
    if len(out) > limit:
        rest = len(out) - (limit - 1)
        out = out[: limit - 1] + [f"And {rest} smaller changes (see the tables)."]
    return tuple(out)


def _branch_change(name: str, before, after, c: "Comparison") -> str:
    """The largest change of a branch probability between steps of both journeys ("" when the only changes lead
    to steps removed or added, which the sentences about those steps already say)."""
    old = {b.to: b.p for b in before.next}
    new = {b.to: b.p for b in after.next}
    kept = [t for t in set(old) & set(new) if abs(new[t] - old[t]) > 1e-9]
    if not kept:
        return ""
    target = max(sorted(kept), key=lambda t: abs(new[t] - old[t]))
    step = c.redesign.step_by_id.get(target) or c.base.step_by_id[target]
    return (f"{name}: {100 * new.get(target, 0.0):.0f} % of cases go on to \u201c{step.name}\u201d instead of "
            f"{100 * old.get(target, 0.0):.0f} %.")


def step_savings(comparison: "Comparison") -> list[tuple[str, float]]:
    """``(step name, minutes of expected lead time saved per case)`` for every step whose time changes, largest
    saving first (a negative saving is time added). They add up to the saving of expected lead time.

    >>> from nssf_journey.compare import compare_journeys
    >>> from nssf_journey.examples import one_step
    >>> step_savings(compare_journeys(one_step(duration=60), one_step(duration=10), cases=0))
    [('Ask', 50.0)]
    """
    c = comparison
    before = {s.step: s for s in c.before.per_step}
    after = {s.step: s for s in c.after.per_step}
    names = {s.id: s.name for s in c.base.steps}
    names.update({s.id: s.name for s in c.redesign.steps})
    out = []
    for sid in dict.fromkeys([*before, *after]):
        saved = (before[sid].expected_time if sid in before else 0.0) - (
            after[sid].expected_time if sid in after else 0.0)
        if abs(saved) > 1e-9:
            out.append((str(names[sid]), saved))
    return sorted(out, key=lambda kv: -kv[1])


__all__ = ["CHANNEL_WORDS", "channel_words", "plain_changes", "redesign_name", "step_savings"]
