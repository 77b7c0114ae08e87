"""How much of a journey a diagram draws: rare steps and arcs folded, as process-mining tools do.

A journey discovered from an event log, or modelled in detail, can have a hundred arcs, most of which few cases
take; drawn all at once they hide the journey that most citizens make. A *detail level* is a share of cases: a
step is drawn when at least that share of cases reach it, and an arc when it is taken at least that often per
case (its expected traversals per case: the expected visits of its step times its probability, which for an arc
outside a loop is the share of cases that take it). Everything else is folded, and the diagram says how many
steps and arcs were folded and how much of the expected lead time they hold.

Folding never cuts a drawn step off: a drawn step that none of the common arcs reaches keeps its most frequent
arc in from a drawn step, and one with no common arc out keeps its most frequent arc out to a drawn step. The
start step is always drawn.

Levels: ``"full"`` draws everything; ``"common"`` folds what fewer than :data:`COMMON_SHARE` of cases take;
``"auto"`` (the default) draws everything up to :data:`AUTO_MAX_ARCS` arcs and is ``"common"`` above; a number is
the share itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis.metrics import JourneyAnalysis
    from ..model import Journey

#: The share of cases below which ``"common"`` folds a step or an arc.
COMMON_SHARE = 0.05
#: ``"auto"`` draws every arc of a journey with at most this many arcs, and folds rare ones above.
AUTO_MAX_ARCS = 40
#: The named detail levels.
LEVELS: tuple[str, ...] = ("auto", "common", "full")

Detail = Union[str, float]
Arc = tuple[str, str]


def min_share(journey: "Journey", detail: Detail = "auto") -> float:
    """The share of cases below which ``detail`` folds steps and arcs of ``journey`` (0: nothing is folded).

    >>> from nssf_journey.examples import fork
    >>> min_share(fork(), "full"), min_share(fork(), "common"), min_share(fork(), "auto"), min_share(fork(), 0.2)
    (0.0, 0.05, 0.0, 0.2)
    """
    if isinstance(detail, str):
        if detail == "full":
            return 0.0
        if detail == "common":
            return COMMON_SHARE
        if detail == "auto":
            arcs = sum(len(s.next) for s in journey.steps)
            return 0.0 if arcs <= AUTO_MAX_ARCS else COMMON_SHARE
        raise ValueError(f"detail must be one of {', '.join(LEVELS)} or a share from 0 to 1, got '{detail}'")
    share = float(detail)
    if not 0 <= share <= 1:
        raise ValueError(f"detail must be one of {', '.join(LEVELS)} or a share from 0 to 1, got {detail!r}")
    return share


@dataclass(frozen=True)
class Folding:
    """What a diagram draws at a detail level: the steps and arcs drawn, and what is folded."""

    min_share: float
    steps: frozenset[str]
    arcs: frozenset[Arc]
    folded_steps: tuple[str, ...]
    folded_arcs: tuple[Arc, ...]
    #: Share of the expected lead time spent in the folded steps.
    folded_lead_time_share: float

    @property
    def folds_anything(self) -> bool:
        return bool(self.folded_steps or self.folded_arcs)

    def note(self) -> str:
        """One sentence on what was folded ('' when nothing was)."""
        if not self.folds_anything:
            return ""
        n_steps, n_arcs = len(self.folded_steps), len(self.folded_arcs)
        what = " and ".join(x for x in (f"{n_steps} step{'s' if n_steps != 1 else ''}" if n_steps else "",
                                          f"{n_arcs} arc{'s' if n_arcs != 1 else ''}" if n_arcs else "") if x)
        share = f"{100 * self.min_share:.3g} %"
        held = (f" (they hold {100 * self.folded_lead_time_share:.1f} % of the expected lead time)" if n_steps
                else "")
        return f"Folded: {what} that fewer than {share} of cases take{held}."

    def to_dict(self) -> dict:
        return {"min_share": self.min_share, "steps": len(self.steps), "arcs": len(self.arcs),
                "folded_steps": list(self.folded_steps), "folded_arcs": [list(a) for a in self.folded_arcs],
                "folded_lead_time_share": self.folded_lead_time_share}


def fold(journey: "Journey", analysis: "JourneyAnalysis", detail: Detail = "auto") -> Folding:
    """The steps and arcs of ``journey`` drawn at ``detail``, from its exact ``analysis``.

    >>> from nssf_journey import analyze
    >>> from nssf_journey.examples import fork
    >>> j = fork(rejected=0.03)
    >>> f = fold(j, analyze(j), "common")
    >>> f.folded_steps, f.folded_arcs, f.note()
    (('rejected',), (('apply', 'rejected'),), 'Folded: 1 step and 1 arc that fewer than 5 % of cases take (they hold 0.0 % of the expected lead time).')
    """
    share = min_share(journey, detail)
    reach = {s.step: s.reach_probability for s in analysis.per_step}
    visits = {s.step: s.expected_visits for s in analysis.per_step}
    lead_share = {s.step: s.share_of_lead_time for s in analysis.per_step}
    flow = {(s.id, b.to): visits[s.id] * b.p for s in journey.steps for b in s.next}
    steps = {s.id for s in journey.steps if reach[s.id] >= share} | {journey.start}
    arcs = {a for a, f in flow.items() if f >= share and a[0] in steps and a[1] in steps}
    for s in journey.steps:
        if s.id not in steps:
            continue
        if s.id != journey.start and not any(v == s.id for _, v in arcs):
            into = [a for a in flow if a[1] == s.id and a[0] in steps]
            if into:
                arcs.add(max(into, key=flow.__getitem__))
        if s.next and not any(u == s.id for u, _ in arcs):
            out = [a for a in flow if a[0] == s.id and a[1] in steps]
            if out:
                arcs.add(max(out, key=flow.__getitem__))
    folded_steps = tuple(s.id for s in journey.steps if s.id not in steps)
    return Folding(share, frozenset(steps), frozenset(arcs), folded_steps,
                   tuple(a for a in flow if a not in arcs), sum(lead_share[s] for s in folded_steps))


__all__ = ["AUTO_MAX_ARCS", "COMMON_SHARE", "Detail", "Folding", "LEVELS", "fold", "min_share"]
