"""Text alternatives of the report's pictures: what a diagram shows, in words a screen reader can say.

A picture's label says more than its type: the steps in the order a typical case meets them, and the steps
where most time goes, with their times.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..render.style import human_time

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis.metrics import JourneyAnalysis
    from ..model import Journey

#: How many steps of the path and how many waits a text alternative names.
PATH_STEPS, TOP_WAITS = 12, 3


def _path(journey: "Journey", order: Sequence[str]) -> str:
    names = [str(journey.step(sid).name) for sid in order[:PATH_STEPS]]
    more = f", and {len(order) - PATH_STEPS} more" if len(order) > PATH_STEPS else ""
    return ", then ".join(names) + more


def _top_waits(journey: "Journey", analysis: "JourneyAnalysis") -> str:
    waits = sorted((s for s in analysis.per_step if s.mean_wait > 0), key=lambda s: -s.expected_visits * s.mean_wait)
    parts = [f"{s.name} ({human_time(s.expected_visits * s.mean_wait)}"
             + (", set by life)" if s.wait_reason == "life" else ")") for s in waits[:TOP_WAITS]]
    return "; ".join(parts) if parts else "none"


def diagram_alt(journey: "Journey", analysis: "JourneyAnalysis") -> str:
    """The text alternative of a process diagram.

    >>> from nssf_journey import analyze
    >>> from nssf_journey.examples import fork
    >>> diagram_alt(fork(), analyze(fork()))[:60]
    'Process diagram of Fork. Most likely path: Apply, then Paid.'
    """
    return (f"Process diagram of {journey.title}. Most likely path: {_path(journey, analysis.most_likely_path)}. "
            f"Longest waits per case: {_top_waits(journey, analysis)}.")


def map_alt(journey: "Journey", analysis: "JourneyAnalysis", order: Sequence[str]) -> str:
    """The text alternative of a journey map: the steps in map order, the longest waits, the low points."""
    low = [str(journey.step(sid).name) for sid in order if (journey.step(sid).emotion or 0) <= -2]
    return (f"Journey map of {journey.title}, step by step: {_path(journey, order)}. Longest waits per case: "
            f"{_top_waits(journey, analysis)}." + (f" The customer feels worst at: {', '.join(low[:4])}." if low else ""))
