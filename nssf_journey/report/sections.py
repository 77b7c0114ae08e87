"""Optional report sections computed by other parts of the toolkit, turned into :class:`ExtraSection` data.

Each function here reads an analysis result and returns plain paragraphs and tables; the report lays them out
like any other section. A new kind of section (redesign comparisons, for instance) is one more function of
this kind, passed to :func:`~nssf_journey.report.build.build_report` through ``extra_sections``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

from .model import ExtraSection, Table

if TYPE_CHECKING:  # pragma: no cover
    from ..data import DataSet
    from ..metrics import JourneyAnalysis
    from ..model import Journey


def junctures_section(journeys: Sequence["Journey"], data: "DataSet | None" = None, *,
                      analyses: Mapping[str, "JourneyAnalysis"] | None = None, top: int = 10) -> ExtraSection:
    """The critical junctures for communication and service delivery (:mod:`nssf_journey.junctures`)."""
    from ..junctures import DEFAULT_WEIGHTS, rank_junctures

    ranked = rank_junctures(journeys, data, analyses=analyses)
    shown = ranked[:top]
    rows = []
    for rank, j in enumerate(shown, start=1):
        factors = "; ".join(f"{f.name.replace('_', ' ')} {f.contribution:.2f}"
                            + (" (assumed)" if f.evidence == "assumed" else "") for f in j.main_factors)
        channels = ", ".join(c.channel.replace("_", " ") + (" (used)" if c.persona_uses else "")
                             for c in j.channels)
        rows.append((rank, j.journey_title, j.step_name, j.lane, j.score, factors, channels))
    formula = " + ".join(f"{w:g} \u00d7 {k.replace('_', ' ')}" for k, w in DEFAULT_WEIGHTS.items())
    paragraphs = (
        "A critical juncture is a step where better information or better service would change the most: "
        "where journeys go wrong, citizens wait, feel worst, meet pain points, or act without knowing their "
        "rights or with unreliable information (the survey figures of data/survey.yaml).",
        f"Score = {formula}; each factor is per journey started, from 0 to 1. The top {len(shown)} of "
        f"{len(ranked)} scored steps are shown; 'reach via' lists channels that could reach the persona there, "
        "'(used)' those the persona already uses.",
    )
    table = Table("junctures", "Critical junctures for communication and service delivery",
                  ("rank", "journey", "step", "lane", "score", "main factors", "reach via"), tuple(rows))
    return ExtraSection("junctures", "Critical junctures", paragraphs, (table,))
