"""Demand levels: how many more people come when a campaign works, as factors on today's arrivals.

A demand level multiplies the arrival rate of each journey (``arrivals.every`` is divided by the factor; its
profile over hours, weekdays and days of the month is kept, so the peak before the 15th stays a peak). A level
is either a plain factor for every journey (``--demand 1.4``) or the awareness what-if of the funnel
(:mod:`nssf_journey.analysis.funnel`, ``--awareness sickness=0.6``): a campaign that raises awareness of a benefit
multiplies the claims started for it by ``claims started (what-if) / claims started (today)``, and that factor is
applied to the arrivals of the benefit's as-is journeys; journeys of other benefits keep today's arrivals.

The factor scales every arrival of the journey. A journey that itself branches on whether the worker knows the
benefit keeps those branch probabilities: the campaign is read as more cases of today's journey, as the funnel
reads it, not as a different journey.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

from ..model import Journey


@dataclass(frozen=True)
class DemandLevel:
    """One demand scenario: a factor on today's arrivals per journey id (``default`` for the others)."""

    label: str
    default: float = 1.0
    factors: Mapping[str, float] = field(default_factory=dict)

    def factor(self, journey_id: str) -> float:
        return self.factors.get(journey_id, self.default)

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "default": self.default, "factors": dict(self.factors)}


TODAY = DemandLevel("today")


def plain_level(factor: float) -> DemandLevel:
    """Every journey's arrivals times ``factor`` (> 0).

    >>> plain_level(1.5).factor("any_journey")
    1.5
    """
    if not factor > 0:
        raise ValueError(f"demand must be a factor > 0 on today's arrivals, got {factor:g}")
    return DemandLevel(f"demand x{factor:g}", float(factor))


def campaign_level(journeys: Iterable[Journey], data, awareness: Mapping[str, float]) -> DemandLevel:
    """The funnel's what-if as a demand level: per as-is journey of a benefit in ``awareness``, claims started with
    the campaign over claims started today (:func:`nssf_journey.analysis.funnel.awareness_funnel`).

    Raises ``ValueError`` for an unknown benefit or a share outside [0, 1] (the funnel's messages), and when no
    journey serves a benefit named.
    """
    from ..analysis.funnel import awareness_funnel, load_funnel_inputs

    journeys = [j for j in journeys if j.redesign_of is None]
    inputs = load_funnel_inputs(data)
    base = {f.benefit: f for f in awareness_funnel(journeys, data, inputs=inputs)}
    changed = {f.benefit: f for f in awareness_funnel(journeys, data, awareness=awareness, inputs=inputs)}
    ratio = {}
    for benefit in awareness:
        if benefit not in base:
            raise ValueError(f"no journey with benefit '{benefit}' among the journeys given")
        before = base[benefit].stage("claims_started").people
        after = changed[benefit].stage("claims_started").people
        ratio[benefit] = after / before if before > 0 else 1.0
    factors = {j.id: ratio[j.benefit] for j in journeys if j.benefit in ratio}
    label = "campaign: " + ", ".join(f"{b.replace('_', ' ')} awareness {100 * v:.0f} %" for b, v in awareness.items())
    return DemandLevel(label, 1.0, factors)


def scaled_journey(journey: Journey, factor: float) -> Journey:
    """``journey`` with arrivals ``factor`` times as frequent (the profile kept); the journey itself if 1.

    >>> from nssf_journey import load_journey
    >>> j = load_journey("journeys/contribution_payment.yaml")
    >>> round(scaled_journey(j, 2.0).arrivals.every.mean, 6)
    1.38
    """
    if factor == 1.0 or journey.arrivals is None:
        return journey
    if not factor > 0:
        raise ValueError(f"demand must be a factor > 0 on today's arrivals, got {factor:g}")
    arrivals = replace(journey.arrivals, every=journey.arrivals.every.scaled(1.0 / factor))
    return replace(journey, arrivals=arrivals)


def with_servers(journey: Journey, resource_id: str, servers: int) -> Journey:
    """``journey`` with ``servers`` servers at one resource."""
    resources = tuple(replace(r, capacity=int(servers)) if r.id == resource_id else r for r in journey.resources)
    return replace(journey, resources=resources)


__all__ = ["DemandLevel", "TODAY", "campaign_level", "plain_level", "scaled_journey", "with_servers"]
