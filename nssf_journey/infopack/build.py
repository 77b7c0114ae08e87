"""Build the whole Info Pack: its inputs, figures per journey, pages per audience and language, files.

:func:`load_pack_inputs` reads the data folder (benefit facts, the pack's words, the staff guide, the
bibliography) and reports every problem of every file at once; :func:`journey_figures` computes, once per
journey, the exact analysis and the simulated times; :func:`build_pack` turns them into pages;
:func:`pack_files` renders every page, its JSON numbers, the indexes, the home pages and the stylesheet into
``{relative path: bytes}``. Nothing here writes a file: :mod:`~nssf_journey.infopack.output` does.

Guides are listed in the order of the situations of ``data/infopack.yaml`` (what people come for first), then
in the order the journeys were given.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..analysis.metrics import analyze
from ..loading.data import find_data_dir, load_data
from ..loading.problems import JourneyError, Problem
from ..model import Journey
from .. import words as w
from .benefits import Benefits, load_benefits
from .css import render_css
from .html import STYLESHEET, render_home, render_index, render_page
from .pack_data import PACK_FILE, PackTexts, load_pack_texts
from .page import AUDIENCES, PAGE_LANGUAGES, JourneyFigures, Page, build_page, has_page, journey_audience
from .staff_data import STAFF_FILE, StaffGuide, load_staff_guide
from .staff_html import render_staff_page
from .staff_page import StaffPage, build_staff_page
from .timing import DEFAULT_SEED, JOURNEY_CASES, journey_percentiles, queue_waits, service_times, step_percentiles

#: Pages must stay small for a slow phone connection.
MAX_PAGE_BYTES = 100_000


@dataclass(frozen=True)
class PackInputs:
    """What the pack reads besides the journeys."""

    benefits: Benefits
    texts: PackTexts | None = None
    staff: StaffGuide | None = None
    source_titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Pack:
    """Every page of the pack, in the order of the journeys given."""

    pages: tuple[Page | StaffPage, ...]
    audiences: tuple[str, ...]
    languages: tuple[str, ...]
    journeys: tuple[Journey, ...]
    inputs: PackInputs
    date: dt.date


def load_pack_inputs(folder: str | os.PathLike[str] | None = None) -> PackInputs:
    """Read ``benefits.yaml``, ``infopack.yaml``, ``staff_guide.yaml`` and ``sources.yaml`` of a data folder.

    ``infopack.yaml`` and ``staff_guide.yaml`` may be missing: the pack then has no situations, QR codes or staff
    data (its staff guides say so). Raises :class:`JourneyError` with every problem of every file.
    """
    base = find_data_dir(folder)
    problems: list[Problem] = []
    known = None
    titles: dict[str, str] = {}
    try:
        data = load_data(base)
        titles = {k: s.title for k, s in data.sources.items()}
        known = frozenset(titles)
    except JourneyError as exc:
        problems += exc.problems
    results = []
    loaders = ((None, lambda: load_benefits(base, known)), (PACK_FILE, lambda: load_pack_texts(base, known)),
               (STAFF_FILE, lambda: load_staff_guide(base, known)))
    for optional, loader in loaders:
        if optional and not (base / optional).exists():
            results.append(None)
            continue
        try:
            results.append(loader())
        except JourneyError as exc:
            problems += exc.problems
            results.append(None)
    if problems:
        raise JourneyError(problems)
    return PackInputs(results[0], results[1], results[2], titles)


def is_redesign(journey: Journey) -> bool:
    """A redesign describes a service that does not exist yet: the pack leaves it out."""
    return bool(getattr(journey, "redesign_of", None))


def journey_figures(journey: Journey, *, seed: int = DEFAULT_SEED, cases: int = JOURNEY_CASES) -> JourneyFigures:
    """The analysis and the simulated times of one journey (the same seed gives the same figures)."""
    lead, breach = journey_percentiles(journey, seed=seed, cases=cases)
    steps = {s.id: step_percentiles(s, seed=seed) for s in journey.steps}
    service, clock = service_times(journey, seed=seed, cases=cases)
    return JourneyFigures(journey, analyze(journey), lead, breach, steps,
                          queue_waits(journey, seed=seed, cases=cases), service, clock)


def pack_date(today: dt.date | None = None) -> dt.date:
    """The date printed on the pack: ``today``, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else today."""
    if today is not None:
        return today
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def build_pack(journeys: Sequence[Journey], inputs: PackInputs | Benefits, *, audiences: Sequence[str] = AUDIENCES,
               languages: Sequence[str] = PAGE_LANGUAGES, seed: int = DEFAULT_SEED, cases: int = JOURNEY_CASES,
               date: dt.date | None = None, progress: Callable[[str], None] | None = None) -> Pack:
    """All pages for ``audiences`` in ``languages``; redesigns (``redesign_of``) are left out.

    ``inputs`` may be bare :class:`Benefits` (no situations, no staff data, no QR codes). References of the
    pack's words and of the staff guide to steps the journeys do not have raise :class:`JourneyError`.
    """
    if isinstance(inputs, Benefits):
        inputs = PackInputs(inputs)
    for a in audiences:
        if a not in AUDIENCES:
            raise ValueError(f"audience '{a}' is not one of {', '.join(AUDIENCES)}")
    for lang in languages:
        if lang not in PAGE_LANGUAGES:
            raise ValueError(f"language '{lang}' is not one of {', '.join(PAGE_LANGUAGES)}")
    journeys = [j for j in journeys if not is_redesign(j)]
    problems = (inputs.texts.problems_with(journeys) if inputs.texts else []) + (
        inputs.staff.problems_with(journeys) if inputs.staff else [])
    if problems:
        raise JourneyError(problems)
    day = pack_date(date)
    pages: list[Page | StaffPage] = []
    for j in _in_situation_order(journeys, inputs.texts):
        if not any(has_page(j, a) for a in audiences):
            continue
        if progress:
            progress(f"figures of {j.id}")
        figures = journey_figures(j, seed=seed, cases=cases)
        for a in audiences:
            if not has_page(j, a):
                continue
            for lang in languages:
                if a == "staff":
                    pages.append(build_staff_page(figures, inputs.benefits, lang, staff=inputs.staff,
                                                  texts=inputs.texts, source_titles=inputs.source_titles, date=day))
                else:
                    pages.append(build_page(figures, inputs.benefits, a, lang, texts=inputs.texts,
                                            source_titles=inputs.source_titles, date=day))
    return Pack(tuple(pages), tuple(audiences), tuple(languages), tuple(journeys), inputs, day)


def _in_situation_order(journeys: Sequence[Journey], texts: PackTexts | None) -> list[Journey]:
    order = {}
    for s in texts.situations if texts else ():
        order.setdefault(s.journey, len(order))
    return sorted(journeys, key=lambda j: order.get(j.id, len(order)))


def pack_files(pack: Pack) -> dict[str, bytes]:
    """Every file of the pack by its path relative to the output folder (deterministic for one date)."""
    files: dict[str, bytes] = {STYLESHEET: render_css().encode("utf-8")}
    for page in pack.pages:
        base = f"{page.lang}/{page.audience}/{page.journey}"
        html = render_staff_page(page) if isinstance(page, StaffPage) else render_page(page)
        files[base + ".html"] = html.encode("utf-8")
        files[base + ".json"] = (json.dumps(page.numbers, indent=2, ensure_ascii=False, sort_keys=True,
                                            allow_nan=False) + "\n").encode("utf-8")
    by_id = {j.id: j for j in pack.journeys}
    texts = pack.inputs.texts
    hotline = pack.inputs.benefits.hotline
    situations = [s for s in (texts.situations if texts else ()) if s.journey in by_id]
    for lang in pack.languages:
        hot = w.digits(hotline, lang) if hotline else ""
        draft = lang != "en"
        for a in pack.audiences:
            pages = [p for p in pack.pages if p.lang == lang and p.audience == a]
            files[f"{lang}/{a}/index.html"] = render_index(lang, a, _index_groups(pages, a, lang, by_id, situations),
                                                           draft=draft, hotline=hot).encode("utf-8")
        shown = {(p.audience, p.journey): p for p in pack.pages if p.lang == lang}
        cards = {aud: [(f"{aud}/{s.journey}.html", s.text.in_language(lang), shown[(aud, s.journey)].title)
                       for s in situations if s.audience == aud and (aud, s.journey) in shown]
                 for aud in ("worker", "employer")}
        other = "km" if lang == "en" else "en"
        home = dict(worker=cards["worker"], employer=cards["employer"], audiences=pack.audiences, hotline=hot,
                    draft=draft)
        files[f"{lang}/index.html"] = render_home(
            lang, other_href=f"../{other}/index.html" if other in pack.languages else "index.html", **home
        ).encode("utf-8")
        if lang == pack.languages[0]:
            files["index.html"] = render_home(
                lang, prefix=f"{lang}/", css_href=STYLESHEET,
                other_href=f"{other}/index.html" if other in pack.languages else "index.html", **home
            ).encode("utf-8")
    return files


def _index_groups(pages: list, audience: str, lang: str, by_id: dict[str, Journey], situations) -> list:
    """The cards of an audience's index: situations first (the reader's words), then the other guides."""
    if audience == "staff":
        return [(w.label("all_guides", lang), [(p.file_name, p.title, p.service_standard) for p in pages])]
    said = {}
    for s in situations:
        if s.audience == audience:
            said.setdefault(s.journey, s.text.in_language(lang))
    own = [p for p in pages if journey_audience(by_id[p.journey]) == audience]
    duties = [p for p in pages if journey_audience(by_id[p.journey]) != audience]

    def card(p):
        return (p.file_name, said[p.journey], p.title) if p.journey in said else (p.file_name, p.title, p.summary)

    own_cards = [card(p) for p in own]
    if audience == "employer":
        return [(w.label("your_guides", lang), own_cards),
                (w.label("for_your_workers", lang), [card(p) for p in duties])]
    return [(w.label("your_guides", lang), own_cards)]


def oversized(files: dict[str, bytes], limit: int = MAX_PAGE_BYTES) -> list[str]:
    """HTML files of the pack at or over ``limit`` bytes."""
    return sorted(k for k, v in files.items() if k.endswith(".html") and len(v) >= limit)

