"""The awareness funnel: from eligible workers to benefits paid, per benefit.

For each benefit with a journey::

    eligible wage workers -> registered members -> aware of the benefit -> claims started (a year) -> benefits paid

- eligible and registered come from the coverage figures (``coverage`` in ``data/survey.yaml``);
- aware = registered x the survey's awareness of the benefit;
- claims started = aware x need per member-year x the share of aware members in need who claim
  (``data/funnel.yaml``);
- benefits paid = claims started x the probability that the benefit's journey ends in success, from the exact
  analysis of the journey.

Only the first two stages are counts someone published; the rest are estimated, and each stage says so. A
what-if replaces the awareness of some benefits (a communication campaign) and shows how many more claims
and payments follow, everything else unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..loading.data import SURVEY_FILE, DataSet, Figure, load_figures
from .metrics import analyze
from ..model import Journey
from ..loading.problems import JourneyError, Problem

FUNNEL_FILE = "funnel.yaml"


@dataclass(frozen=True)
class Stage:
    """One stage of a funnel: how many people, whether it is estimated, and how it was obtained."""

    name: str
    people: float
    estimated: bool
    basis: str
    evidence: str

    def to_dict(self) -> dict:
        return {"stage": self.name, "people": self.people, "estimated": self.estimated, "basis": self.basis,
                "evidence": self.evidence}


@dataclass(frozen=True)
class BenefitFunnel:
    """The funnel of one benefit."""

    benefit: str
    journey: str
    awareness: float
    awareness_evidence: str
    stages: tuple[Stage, ...]

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    def to_dict(self) -> dict:
        return {
            "benefit": self.benefit,
            "journey": self.journey,
            "awareness": self.awareness,
            "stages": [s.to_dict() for s in self.stages],
        }


@dataclass(frozen=True)
class FunnelInputs:
    """What the funnel needs from ``data/``."""

    eligible: Figure
    registered: Figure
    claim_if_aware: Figure
    need: dict[str, Figure]


#: The coverage figures of ``survey.yaml`` that the funnel starts from.
COVERAGE_FIGURES = ("coverage.eligible_wage_workers", "coverage.covered_members")


def load_funnel_inputs(data: DataSet) -> FunnelInputs:
    """Read ``funnel.yaml`` of the data folder (need per member-year, claim take-up) and the coverage figures.

    Raises :class:`JourneyError` listing every problem of ``funnel.yaml`` (checked against its description in
    :mod:`nssf_journey.loading.data_format`) and every coverage figure missing from ``survey.yaml``.
    """
    figures = load_figures(Path(data.folder) / FUNNEL_FILE, data.sources, "funnel")
    missing = [key for key in COVERAGE_FIGURES if key not in data.figures]
    if missing:
        raise JourneyError([Problem(str(Path(data.folder) / SURVEY_FILE), 1, 1, "error", key,
                                    "missing figure: the funnel starts from it") for key in missing])
    return FunnelInputs(
        eligible=data.figure(COVERAGE_FIGURES[0]),
        registered=data.figure(COVERAGE_FIGURES[1]),
        claim_if_aware=figures["take_up.claim_if_aware"],
        need={k[len("need_per_member_year."):]: f for k, f in figures.items() if k.startswith("need_per_member_year.")},
    )


def _people(x: float) -> str:
    return f"{x:,.0f}"


def awareness_funnel(
    journeys: Iterable[Journey],
    data: DataSet,
    *,
    awareness: Mapping[str, float] | None = None,
    inputs: FunnelInputs | None = None,
) -> list[BenefitFunnel]:
    """The funnel of every benefit that has both an as-is journey and a survey awareness figure.

    ``awareness`` replaces survey awareness for some benefits (a what-if), as shares from 0 to 1.
    When several journeys serve one benefit, the first is used; redesigns (``redesign_of``) are left out, since
    the funnel describes today's service.
    """
    inputs = inputs or load_funnel_inputs(data)
    overrides = dict(awareness or {})
    survey = data.section("awareness")
    for b, v in overrides.items():
        if b not in survey:
            raise ValueError(f"no awareness figure for '{b}'; expected one of {', '.join(survey)}")
        if not 0 <= v <= 1:
            raise ValueError(f"awareness of '{b}' must be between 0 and 1, got {v}")
    seen: set[str] = set()
    out = []
    for journey in journeys:
        b = journey.benefit
        if journey.redesign_of is not None or b is None or b in seen or b not in survey or b not in inputs.need:
            continue
        seen.add(b)
        success = analyze(journey).success_probability
        aware_share = overrides.get(b, survey[b].value)
        aware_ev = "what-if" if b in overrides else survey[b].evidence
        need = inputs.need[b]
        take = inputs.claim_if_aware
        eligible = inputs.eligible.value
        registered = inputs.registered.value
        aware = registered * aware_share
        claims = aware * need.value * take.value
        paid = claims * success
        out.append(BenefitFunnel(
            benefit=b,
            journey=journey.id,
            awareness=aware_share,
            awareness_evidence=aware_ev,
            stages=(
                Stage("eligible", eligible, False,
                      f"wage workers eligible for NSSF ({inputs.eligible.year}; {inputs.eligible.source.text})",
                      inputs.eligible.evidence),
                Stage("registered", registered, False,
                      f"members covered ({inputs.registered.year}; {inputs.registered.source.text})",
                      inputs.registered.evidence),
                Stage("aware", aware, True,
                      f"registered x {100 * aware_share:.0f} % who know the benefit"
                      + (" (what-if)" if b in overrides else f" ({survey[b].source.text})"),
                      aware_ev),
                Stage("claims_started", claims, True,
                      f"aware x {need.value:g} {need.unit.replace('_', ' ')} x {take.value:g} who claim when aware"
                      f" ({need.source.text}; {take.source.text.split(';')[0]})",
                      "assumed" if "assumed" in (need.evidence, take.evidence) else need.evidence),
                Stage("paid", paid, True,
                      f"claims x {100 * success:.1f} % that end in success in journey '{journey.id}' (model)",
                      "model"),
            ),
        ))
    return out


def what_if_gain(base: list[BenefitFunnel], changed: list[BenefitFunnel]) -> dict[str, dict[str, float]]:
    """Extra claims started and benefits paid per benefit between two funnels."""
    before = {f.benefit: f for f in base}
    out = {}
    for f in changed:
        b = before.get(f.benefit)
        if b is None:
            continue
        out[f.benefit] = {
            "awareness_before": b.awareness,
            "awareness_after": f.awareness,
            "extra_claims_started": f.stage("claims_started").people - b.stage("claims_started").people,
            "extra_benefits_paid": f.stage("paid").people - b.stage("paid").people,
        }
    return out


#: The stages that are estimated rather than counted by anyone.
ESTIMATED_STAGES: tuple[str, ...] = ("aware", "claims_started", "paid")


@dataclass(frozen=True)
class FunnelWhatIf:
    """Today's funnels and, for a what-if of awareness (a communication campaign), the funnels it would give.

    ``awareness`` is the what-if (benefit -> share aware), empty when there is none; ``changed`` the funnels with
    it, ``None`` without a what-if.
    """

    funnels: tuple[BenefitFunnel, ...]
    awareness: dict[str, float]
    changed: tuple[BenefitFunnel, ...] | None = None

    @property
    def gains(self) -> dict[str, dict[str, float]]:
        """Extra claims started and benefits paid a year for each benefit of the what-if."""
        if not self.changed:
            return {}
        return {b: g for b, g in what_if_gain(list(self.funnels), list(self.changed)).items() if b in self.awareness}

    def to_dict(self) -> dict:
        """What ``nssf-journey funnel --json`` prints."""
        out: dict = {"funnels": [f.to_dict() for f in self.funnels], "estimated_stages": list(ESTIMATED_STAGES)}
        if self.changed:
            out["what_if"] = {"awareness": dict(self.awareness), "funnels": [f.to_dict() for f in self.changed],
                              "gain": self.gains}
        return out


def funnel_what_if(
    journeys: Iterable[Journey],
    data: DataSet,
    *,
    awareness: Mapping[str, float] | None = None,
    inputs: FunnelInputs | None = None,
) -> FunnelWhatIf:
    """Today's funnels of ``journeys`` and, when ``awareness`` is given, the funnels with that awareness.

    Raises ``ValueError`` for a benefit without a survey figure or a share outside 0..1, and
    :class:`~nssf_journey.loading.problems.JourneyError` when ``funnel.yaml`` is unusable (unless ``inputs`` are
    given).
    """
    journeys = list(journeys)
    inputs = inputs or load_funnel_inputs(data)
    base = awareness_funnel(journeys, data, inputs=inputs)
    what_if = dict(awareness or {})
    changed = tuple(awareness_funnel(journeys, data, awareness=what_if, inputs=inputs)) if what_if else None
    return FunnelWhatIf(tuple(base), what_if, changed)


def funnel_table(funnels: Sequence[BenefitFunnel]) -> str:
    """A plain-text table of funnels; estimated stages are marked with '*'."""
    lines = ["Awareness funnel per benefit, people per year for claims (* = estimated, not counted by anyone)", ""]
    header = f"{'benefit':<18} {'eligible':>11} {'registered':>11} {'aware':>11} {'claims':>11} {'paid':>11}"
    lines += [header, "-" * len(header)]
    for f in funnels:
        cells = []
        for s in f.stages:
            cells.append(f"{_people(s.people) + ('*' if s.estimated else ' '):>11}")
        lines.append(f"{f.benefit:<18} " + " ".join(cells))
    lines.append("")
    for f in funnels:
        lines.append(f"{f.benefit}:")
        for s in f.stages:
            lines.append(f"  {s.name:<15} {_people(s.people):>11}  {'estimated' if s.estimated else 'published'}, {s.evidence}: {s.basis}")
    return "\n".join(lines)


def funnel_what_if_table(result: FunnelWhatIf) -> str:
    """The funnels as text (:func:`funnel_table`) and what the what-if of awareness would bring."""
    text = funnel_table(result.funnels)
    if result.changed:
        text += "\n\nWhat if awareness changed (everything else as above):"
        for b, g in result.gains.items():
            text += (f"\n  {b}: awareness {100 * g['awareness_before']:.0f} % -> {100 * g['awareness_after']:.0f} %:"
                     f" {g['extra_claims_started']:+,.0f} claims started and {g['extra_benefits_paid']:+,.0f}"
                     " benefits paid a year (estimated)")
    return text


__all__ = ["BenefitFunnel", "ESTIMATED_STAGES", "FunnelWhatIf", "Stage", "awareness_funnel", "funnel_table",
           "funnel_what_if", "funnel_what_if_table", "load_funnel_inputs", "what_if_gain"]
