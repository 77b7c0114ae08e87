"""The report as data: tables, figures and sections, before any HTML or Markdown is written.

:func:`~nssf_journey.report.build.build_report` fills these from journeys, their exact analyses and (when
given) simulated lead times; :mod:`.html` and :mod:`.markdown` only lay them out, and :mod:`.output` writes
every :class:`Table` as CSV and JSON for analysts too.

Extension point: analyses that the report does not compute itself (critical junctures, redesign
comparisons) come in as :class:`ExtraSection` values, each with its own paragraphs, tables and figures, and
are shown between the journeys and the assumptions. Nothing is shown for an analysis that was not passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..loading.institution import GENERIC, Institution

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from ..analysis.metrics import JourneyAnalysis
    from ..model import Journey
    from ..simulation.stats import Summary
    from .decisions import ActionCard, LifeWait


@dataclass(frozen=True)
class Table:
    """A table with an id that names its CSV/JSON files (``tables/<id>.csv``). Cells are plain values."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass(frozen=True)
class Figure:
    """A picture of the report: SVG text, or ``None`` with a ``note`` saying why it is missing."""

    id: str
    title: str
    svg: str | None
    caption: str = ""
    note: str = ""
    wide: bool = False
    #: The smallest share of its natural width the picture may shrink to before its box scrolls sideways.
    min_scale: float = 0.8
    #: What the picture shows, for people who cannot see it (screen readers): the steps in order, the top waits.
    alt: str = ""
    #: The same picture at full detail (SVG), written beside the page and linked under the picture.
    full_svg: str | None = None


@dataclass(frozen=True)
class KeyFigure:
    """One headline number of a journey: ``label`` and its formatted ``value``, with an optional ``detail``."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class ExtraSection:
    """A section computed elsewhere (critical junctures, redesign comparisons), passed to the report as data.

    ``paragraphs`` are plain text (escaped when written); ``tables`` are also written as CSV and JSON.
    """

    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    #: Sentences for the executive summary, where management reads first.
    summary: tuple[str, ...] = ()
    #: Pictures for the appendix page (detail that would make the main page heavy).
    appendix_figures: tuple[Figure, ...] = ()
    #: When given, the page shows the first paragraph, then each block's paragraphs with its figures (one block
    #: per redesign), instead of all paragraphs and then all figures.
    blocks: tuple[tuple[tuple[str, ...], tuple[Figure, ...]], ...] = ()


@dataclass(frozen=True)
class Simulation:
    """Simulated lead times of one journey (minutes) and a one-line description of how they were made.

    When the run has its own summary (a queueing run: ``summary`` and ``success``), every figure of the journey
    (mean, percentiles, success share) is read from it, so that the page shows one set of numbers.
    """

    lead_times: "np.ndarray"
    method: str
    summary: "Summary | None" = None
    #: Share of simulated cases that end in success (``None``: use the exact figure).
    success: float | None = None
    #: Share of simulated cases that gave up in a queue (queueing runs).
    gave_up: float | None = None

    def figures(self) -> dict[str, float]:
        """``mean``, ``p50`` and ``p90`` of the lead time (minutes), from the run's summary when it has one."""
        if self.summary is not None:
            return {"mean": self.summary.mean, "p50": self.summary.p50, "p90": self.summary.p90}
        import numpy as np

        x = np.asarray(self.lead_times, dtype=float)
        return {"mean": float(x.mean()), "p50": float(np.percentile(x, 50)), "p90": float(np.percentile(x, 90))}


@dataclass(frozen=True)
class Bottleneck:
    """A step of a journey ranked by the time it costs a case, with what it costs and how sure we are."""

    journey: str
    journey_title: str
    step: str
    step_name: str
    expected_minutes: float
    wait_minutes: float
    active_minutes: float
    share_of_lead_time: float
    expected_visits: float
    in_person_visits: float
    money_usd: float
    evidence: str
    sources: tuple[str, ...]
    advice: str


@dataclass(frozen=True)
class JourneySection:
    """Everything the report shows about one journey."""

    journey: "Journey"
    analysis: "JourneyAnalysis"
    persona_name: str | None
    key_figures: tuple[KeyFigure, ...]
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...]
    evidence_counts: dict[str, int]
    pain_points: tuple[tuple[str, str], ...]
    simulation_method: str | None = None
    #: Tables too big for the main page (every step): on the appendix page and in ``tables/``.
    appendix_tables: tuple[Table, ...] = ()
    #: Pictures on the appendix page (the journey map, how long cases take), linked from the section.
    appendix_figures: tuple[Figure, ...] = ()

    @property
    def anchor(self) -> str:
        return f"journey-{self.journey.id}"


@dataclass(frozen=True)
class Report:
    """The whole report."""

    title: str
    generated: dt.datetime
    summary: tuple[str, ...]
    fix_first: tuple[str, ...]
    confidence: tuple[str, ...]
    summary_tables: tuple[Table, ...]
    summary_figures: tuple[Figure, ...]
    journeys: tuple[JourneySection, ...]
    extra_sections: tuple[ExtraSection, ...] = ()
    assumption_tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    institution: Institution = GENERIC
    #: The decision page: changes ranked by gain and confidence (:mod:`.decisions`).
    cards: tuple["ActionCard", ...] = ()
    #: Waits set by life, shown apart and never ranked.
    life_waits: tuple["LifeWait", ...] = ()
    #: Words of the page and what they mean.
    glossary: tuple[tuple[str, str], ...] = ()
    #: The language of the page (``en`` or ``km``).
    lang: str = "en"

    def all_tables(self) -> list[Table]:
        out = list(self.summary_tables)
        for j in self.journeys:
            out.extend(j.tables)
            out.extend(j.appendix_tables)
        for x in self.extra_sections:
            out.extend(x.tables)
        out.extend(self.assumption_tables)
        return out

    def all_figures(self) -> list[Figure]:
        out = list(self.summary_figures)
        for j in self.journeys:
            out.extend(j.figures)
            out.extend(j.appendix_figures)
        for x in self.extra_sections:
            out.extend(x.figures)
            out.extend(x.appendix_figures)
        return out
