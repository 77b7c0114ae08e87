"""One visual language for every picture: the heat scale of lead-time shares, outcome colours, time labels.

The heat scale is ColorBrewer's 5-class YlOrRd, a sequential palette that stays ordered for the common forms
of colour blindness and in greyscale: a darker step takes a larger share of the expected lead time. The same
bins colour the process diagram, the journey map and the legend, so a reader learns them once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import units

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis.metrics import JourneyAnalysis, StepMetrics

#: Upper bounds (exclusive) of the heat bins, as shares of the expected lead time; the last bin is open.
HEAT_BOUNDS: tuple[float, ...] = (0.02, 0.05, 0.10, 0.25)
#: Fill colours of the heat bins, lightest (smallest share) first: ColorBrewer YlOrRd, 5 classes.
HEAT_COLOURS: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
#: Text colour on each heat colour, with a contrast of at least 4.5:1 (WCAG AA): black up to the red of the fourth
#: bin (5.3:1; white there reads at 3.9:1), white on the darkest (6.6:1).
HEAT_TEXT: tuple[str, ...] = ("#000000", "#000000", "#000000", "#000000", "#ffffff")
#: Labels of the heat bins for legends.
HEAT_LABELS: tuple[str, ...] = ("under 2 %", "2-5 %", "5-10 %", "10-25 %", "25 % or more")
#: What the heat scale measures, for legends: each step's share of the time that a better service could change
#: (the expected lead time less the waits that life sets, such as pregnancy or recovery).
HEAT_TITLE = "Share of the time a service can change"
#: A step whose wait is set by life is drawn apart from the heat scale: pale grey-blue, dotted border.
LIFE_FILL, LIFE_LINE = "#e3e8ee", "#4a5a6a"

#: Outcome colours (fill, border): blue for success, vermilion for failure (Okabe-Ito hues, colour-blind safe,
#: darkened so that text in these colours reads at 4.5:1 or more on white and on their fills); the shapes
#: differ too, so colour is never the only cue.
SUCCESS_FILL, SUCCESS_LINE = "#d6eaf8", "#005a8c"
FAILURE_FILL, FAILURE_LINE = "#fde0d0", "#a64200"
LOOP_COLOUR = "#6a3d9a"
#: How sure a step's numbers are, drawn on its border (colour is never the cue): measured numbers a thick solid
#: border, assumed ones a dashed border, reported ones the plain border (EVIDENCE_BORDER: width, dashed).
EVIDENCE_BORDER: dict[str, tuple[float, bool]] = {"measured": (2.0, False), "reported": (1.0, False),
                                                  "assumed": (1.0, True)}
#: The numbers of a step whose evidence its drawing shows: its times and where it leads.
EVIDENCE_FIELDS: tuple[str, ...] = ("duration", "wait", "next")
#: Light backgrounds of the swimlanes, by lane.
LANE_FILL: dict[str, str] = {
    "customer": "#f4f8fb",
    "frontstage": "#f6f4fb",
    "backstage": "#f5f5f5",
    "partner": "#f3f9f1",
}
#: Lane names for people (no institution is named: the same words fit any institution's journeys).
LANE_TITLE: dict[str, str] = {
    "customer": "Customer",
    "frontstage": "Front office",
    "backstage": "Back office",
    "partner": "Partner",
}


def heat_bin(share: float) -> int:
    """The heat bin (0 = lightest) of a share of the lead time.

    >>> [heat_bin(x) for x in (0.0, 0.02, 0.07, 0.5)]
    [0, 1, 2, 4]
    """
    for i, bound in enumerate(HEAT_BOUNDS):
        if share < bound:
            return i
    return len(HEAT_BOUNDS)


def heat_colour(share: float) -> str:
    """The fill colour of a step that takes ``share`` of the expected lead time."""
    return HEAT_COLOURS[heat_bin(share)]


def heat_text_colour(share: float) -> str:
    return HEAT_TEXT[heat_bin(share)]


def heat_share(step: "StepMetrics", analysis: "JourneyAnalysis") -> float:
    """The share that colours a step: its expected time per case that a better service could change, over the
    journey's (:attr:`~nssf_journey.analysis.metrics.JourneyAnalysis.avoidable_time_mean`); 0 for a step whose
    only time is a wait set by life. Without life waits this is the step's share of the expected lead time.

    >>> from nssf_journey import analyze
    >>> from nssf_journey.examples import fork
    >>> a = analyze(fork())
    >>> heat_share(a.per_step[0], a) == a.per_step[0].share_of_lead_time
    True
    """
    total = analysis.avoidable_time_mean
    return step.avoidable_time / total if total > 0 else 0.0


def is_life_wait(step: "StepMetrics") -> bool:
    """Whether the step's wait is set by life (pregnancy, recovery), not by a service."""
    return step.wait_reason == "life" and step.mean_wait > 0


def human_time(minutes: float) -> str:
    """A short human reading of a number of minutes, in the unit a person would choose.

    >>> [human_time(m) for m in (0, 0.5, 45, 150, 2160, 20160)]
    ['0', '30 s', '45 min', '2.5 h', '1.5 days', '14 days']
    """
    m = float(minutes)
    if m <= 0:
        return "0"
    if m < 1:
        return f"{m * 60:.0f} s"
    if m < 90:
        return f"{m:.0f} min" if m >= 10 else f"{m:.1f} min".replace(".0 min", " min")
    hours = units.from_minutes(m, "hours")
    if hours < 24:
        return _num(hours) + " h"
    days = units.from_minutes(m, "days")
    return _num(days) + (" day" if _num(days) == "1" else " days")


def _num(x: float) -> str:
    """``2.5`` -> ``'2.5'``, ``14.02`` -> ``'14'``, ``123.4`` -> ``'123'``."""
    if x >= 10:
        return f"{x:,.0f}"
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def short_channel(channel: str | None) -> str:
    """A short label of a channel for tight spaces: ``in_person`` -> ``'in person'``."""
    return (channel or "").replace("_", " ")


#: How a channel reads after a verb, for people: "pay online", "hand it in on paper".
CHANNEL_WORDS: dict[str, str] = {
    "in_person": "in person at the office", "bank": "at a bank", "online": "online", "phone": "by phone",
    "paper": "on paper", "post": "by post", "sms": "by SMS", "mobile_app": "in the mobile app",
    "internal": "inside the office", "workplace": "at the workplace", "hotline": "through the hotline",
}


def channel_words(channel: str | None) -> str:
    """``'online'``, ``'in person at the office'``; an unknown channel as its words.

    >>> channel_words("in_person"), channel_words("word_of_mouth")
    ('in person at the office', 'word of mouth')
    """
    if not channel:
        return "as before"
    return CHANNEL_WORDS.get(channel, channel.replace("_", " "))


def step_evidence(step) -> str | None:
    """The weakest evidence among a step's times and branches (``measured`` < ``reported`` < ``assumed``), or
    ``None`` for a step without such numbers (an outcome that takes no time).

    >>> from nssf_journey.examples import fork
    >>> step_evidence(fork().step("apply")), step_evidence(fork().step("paid"))
    ('assumed', None)
    """
    rank = {"measured": 0, "reported": 1, "assumed": 2}
    found = [s.evidence for s in step.sources if s.field in EVIDENCE_FIELDS]
    return max(found, key=lambda e: rank.get(e, 2)) if found else None
