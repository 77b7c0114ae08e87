"""A staff guide as data: what a front-office clerk or an inspector needs for one journey.

Not the customer's text re-addressed, but the counter's view:

- the case clock: the service standard (the same p50 and p90 as the customer's guide) and, for each step of the
  usual way, by when a case that goes well is usually past it and after how long to act;
- the counter checklist: the documents of the steps at which the file reaches the counter, in order, then the
  further checks of ``data/staff_guide.yaml``;
- why cases come back or are rejected: every rework step and failure outcome of the model with how often it
  happens (counted from the step where it can start), and the reasons the staff guide ties to it;
- what to tell the customer, in Khmer and English; when to escalate and to whom.

Lines of the staff guide that rest on an assumption are marked as proposals to be confirmed by NSSF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import words as w
from .benefits import Benefits
from .flow import block_numbers, flatten, step_blocks
from .page import (AS_IS_SUFFIXES, JourneyFigures, Translator, anchored_chance, has_page, short_file,
                   usual_and_trouble_steps)
from .pack_data import PackTexts
from .staff_data import LONGEST_PLACEHOLDER, StaffGuide, StaffJourney


@dataclass(frozen=True)
class Line:
    """A line of a staff guide; ``assumed`` lines are proposals. ``other`` is the line in the other language."""

    text: str
    assumed: bool = False
    other: str = ""
    extra: str = ""


@dataclass(frozen=True)
class ClockRow:
    """One step of the case clock: by when a case that goes well is usually past it, and when to act."""

    number: str
    step: str
    who: str
    usual: str
    act_after: str
    backstage: bool = False


@dataclass(frozen=True)
class ReturnGroup:
    """A way a case comes back or ends badly, how often, and the reasons staff know for it."""

    title: str
    chance: str
    reasons: tuple[Line, ...] = ()
    probability: float = 0.0


@dataclass(frozen=True)
class StaffPage:
    """One staff guide, in one language."""

    journey: str
    lang: str
    title: str
    customer_links: tuple[tuple[str, str], ...]
    clock_total: str
    clock_rows: tuple[ClockRow, ...]
    clock_lived: str
    checklist: tuple[Line, ...]
    returns: tuple[ReturnGroup, ...]
    script: tuple[Line, ...]
    escalate: tuple[Line, ...]
    sources: tuple[str, ...]
    model_note: str
    model_method: str
    hotline: str
    draft: bool
    fallbacks: int
    institution: str = ""
    address: str = ""
    date: dt.date | None = None
    numbers: dict[str, Any] = field(default_factory=dict, compare=False)
    audience: str = "staff"

    @property
    def file_name(self) -> str:
        return f"{self.journey}.html"

    #: The service standard in one line, for the staff index.
    standard: str = ""

    @property
    def service_standard(self) -> str:
        return self.standard


def build_staff_page(figures: JourneyFigures, benefits: Benefits, lang: str, *, staff: StaffGuide | None = None,
                     texts: PackTexts | None = None, source_titles: dict[str, str] | None = None,
                     date: dt.date | None = None) -> StaffPage:
    """The staff guide of one journey in ``lang``."""
    j, a = figures.journey, figures.analysis
    t = Translator(lang)
    other = "km" if lang == "en" else "en"
    data = staff.of(j.id) if staff else StaffJourney()
    titles = source_titles or {}
    usual, trouble = usual_and_trouble_steps(j, a)
    blocks = step_blocks(j, [s.id for s in usual])
    numbers = block_numbers(blocks)

    service = figures.service
    if service is not None:
        usual_words, longest_words = w.duration(service.p50, lang), w.duration(service.p90, lang, up=True)
        clock_total = w.label("clock_total", lang).format(usual=usual_words, longest=longest_words)
        standard = w.label("staff_card", lang).format(usual=usual_words, longest=longest_words)
    else:
        longest_words = ""
        clock_total = standard = w.label("no_promise", lang)
    rows = []
    for sid in flatten(blocks):
        s = j.step(sid)
        actor = j.actor_by_id.get(s.actor)
        pct = figures.clock.get(sid)
        role = (actor.role if actor else None) or ""
        who = w.label(f"role_{role}", lang) if role in ("worker", "employer") else (t(actor.name) if actor else s.actor)
        rows.append(ClockRow(
            w.digits(str(numbers[sid]), lang), t(s.name), who,
            w.duration(pct.p50, lang) if pct else "", w.duration(pct.p90, lang, up=True) if pct else "",
            backstage=actor is not None and actor.lane == "backstage"))
    lived = ""
    if service is not None and "without" in service.method:
        clock_total += " " + w.label("promise_left_out", lang)
    if figures.lead_time is not None:
        lived = w.label("clock_lived", lang).format(usual=w.duration(figures.lead_time.p50, lang),
                                                    longest=w.duration(figures.lead_time.p90, lang))

    checklist: list[Line] = []
    seen: set[str] = set()
    for sid in data.counter:
        for d in j.step(sid).documents:
            if str(d) not in seen:
                seen.add(str(d))
                checklist.append(Line(t(d), other=_in(d, other)))
    checklist += [Line(t(x.text), x.assumed, _in(x.text, other)) for x in data.checklist]

    groups = []
    for s in trouble:
        anchor = anchored_chance(figures, s.id, numbers)
        if anchor is None:
            continue
        groups.append((s.id, t(s.name), anchor))
    for o in a.outcomes:
        oc = j.outcome(o.outcome)
        if oc.is_success or o.probability <= 0:
            continue
        anchor = anchored_chance(figures, o.outcome, numbers, outcome=True)
        if anchor is not None:
            groups.append((o.outcome, t(oc.name) if oc.name else o.outcome.replace("_", " "), anchor))
    returns = []
    for at, name, (start, p) in sorted(groups, key=lambda g: -g[2][1]):
        chance = w.label("return_at", lang).format(n=w.times(p, lang), step=t(j.step(start).name))
        reasons = tuple(Line(t(r.text), r.assumed, _in(r.text, other)) for r in data.returns if r.at == at)
        returns.append(ReturnGroup(name, chance, reasons, p))

    script = tuple(Line(t(x.text), x.assumed, _in(x.text, other)) for x in data.script)
    escalate = tuple(Line(t(e.text).replace(LONGEST_PLACEHOLDER, longest_words), e.assumed,
                          _in(e.text, other), t(e.to)) for e in data.escalate)
    links = tuple((w.label(f"guide_{aud}", lang), f"../{aud}/{j.id}.html") for aud in ("worker", "employer")
                  if has_page(j, aud))
    used = [x.source for x in data.checklist + data.script + data.escalate] + [r.source for r in data.returns]
    sources = tuple(sorted({titles.get(s.source_id or "", s.text) for s in used if not s.is_assumption}))
    method = service.method if service else "no simulation"
    title = t(j.title)
    suffix = AS_IS_SUFFIXES.get(lang, "")
    if suffix and title.endswith(suffix):
        title = title[: -len(suffix)]
    return StaffPage(
        journey=j.id, lang=lang, title=w.label("staff_title", lang).format(title=title), customer_links=links,
        clock_total=clock_total, clock_rows=tuple(rows), clock_lived=lived, checklist=tuple(checklist),
        returns=tuple(returns), script=script, escalate=escalate, sources=sources,
        model_note=w.label("staff_model", lang).format(file=short_file(j.file)), model_method=method,
        hotline=w.digits(benefits.hotline, lang) if benefits.hotline else "",
        draft=lang != "en" and j.translations.get(lang, "draft") != "reviewed", fallbacks=t.fallbacks,
        institution=t(texts.site.institution) if texts else "",
        address=texts.site.guide_address(lang, "staff", j.id) if texts else "", date=date, standard=standard,
        numbers={
            "journey": j.id, "audience": "staff", "lang": lang, "file": short_file(j.file), "unit": "minutes",
            "service": service.to_dict() if service else None,
            "lead_time": figures.lead_time.to_dict() if figures.lead_time else None,
            "clock": {sid: figures.clock[sid].to_dict() for sid in flatten(blocks) if sid in figures.clock},
            "returns": {g[0]: {"from": g[2][0], "probability": g[2][1]} for g in groups},
            "step_numbers": numbers,
        },
    )


def _in(text: Any, lang: str) -> str:
    """``text`` in ``lang`` when it has that translation, else ``""``."""
    from ..i18n import has_language, in_language

    return in_language(text, lang) if has_language(text, lang) else ""
