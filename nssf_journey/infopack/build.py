"""Build the whole Digital Info Pack: figures per journey, pages per audience and language, files.

:func:`journey_figures` computes, once per journey, the exact analysis and the time percentiles;
:func:`build_pages` turns them into :class:`~nssf_journey.infopack.page.Page` values; :func:`pack_files` renders
every page, its JSON numbers, the indexes and the stylesheet into ``{relative path: bytes}``. Nothing here
writes a file: :mod:`~nssf_journey.infopack.output` does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Sequence

from ..analysis.metrics import analyze
from ..model import Journey
from . import words as w
from .benefits import Benefits
from .html import STYLESHEET, render_css, render_home, render_index, render_page
from .page import AUDIENCES, PAGE_LANGUAGES, JourneyFigures, Page, build_page, has_page, journey_audience
from .timing import DEFAULT_SEED, JOURNEY_CASES, journey_percentiles, queue_waits, step_percentiles

#: Pages must stay small for a slow phone connection.
MAX_PAGE_BYTES = 100_000


@dataclass(frozen=True)
class Pack:
    """Every page of the pack, in the order of the journeys given."""

    pages: tuple[Page, ...]
    audiences: tuple[str, ...]
    languages: tuple[str, ...]
    journeys: tuple[Journey, ...]


def is_redesign(journey: Journey) -> bool:
    """A redesign describes a service that does not exist yet: the pack leaves it out."""
    return bool(getattr(journey, "redesign_of", None))


def journey_figures(journey: Journey, *, seed: int = DEFAULT_SEED, cases: int = JOURNEY_CASES) -> JourneyFigures:
    """The analysis and the time percentiles of one journey (the same seed gives the same figures)."""
    lead, breach = journey_percentiles(journey, seed=seed, cases=cases)
    steps = {s.id: step_percentiles(s, seed=seed) for s in journey.steps}
    return JourneyFigures(journey, analyze(journey), lead, breach, steps,
                          queue_waits(journey, seed=seed, cases=cases))


def build_pack(journeys: Sequence[Journey], benefits: Benefits, *, audiences: Sequence[str] = AUDIENCES,
               languages: Sequence[str] = PAGE_LANGUAGES, seed: int = DEFAULT_SEED, cases: int = JOURNEY_CASES,
               source_titles: dict[str, str] | None = None, progress: Callable[[str], None] | None = None) -> Pack:
    """All pages for ``audiences`` in ``languages``; redesigns (``redesign_of``) are left out.

    ``source_titles`` (source id -> title, from ``data/sources.yaml``) lets pages name sources by their titles.
    """
    for a in audiences:
        if a not in AUDIENCES:
            raise ValueError(f"audience '{a}' is not one of {', '.join(AUDIENCES)}")
    for lang in languages:
        if lang not in PAGE_LANGUAGES:
            raise ValueError(f"language '{lang}' is not one of {', '.join(PAGE_LANGUAGES)}")
    journeys = [j for j in journeys if not is_redesign(j)]
    pages = []
    for j in journeys:
        if progress:
            progress(f"figures of {j.id}")
        if not any(has_page(j, a) for a in audiences):
            continue
        figures = journey_figures(j, seed=seed, cases=cases)
        for a in audiences:
            if has_page(j, a):
                pages += [build_page(figures, benefits, a, lang, source_titles=source_titles) for lang in languages]
    return Pack(tuple(pages), tuple(audiences), tuple(languages), tuple(journeys))


def pack_files(pack: Pack) -> dict[str, bytes]:
    """Every file of the pack by its path relative to the output folder (deterministic)."""
    files: dict[str, bytes] = {STYLESHEET: render_css().encode("utf-8")}
    for page in pack.pages:
        base = f"{page.lang}/{page.audience}/{page.journey}"
        files[base + ".html"] = render_page(page).encode("utf-8")
        files[base + ".json"] = (json.dumps(page.numbers, indent=2, ensure_ascii=False, sort_keys=True,
                                            allow_nan=False) + "\n").encode("utf-8")
    by_id = {j.id: j for j in pack.journeys}
    for lang in pack.languages:
        for a in pack.audiences:
            pages = [p for p in pack.pages if p.lang == lang and p.audience == a]
            own = [(p.file_name, p.title, p.summary) for p in pages
                   if a == "staff" or journey_audience(by_id[p.journey]) == a]
            sections: list = []
            if a == "employer":
                duties = [(p.file_name, p.title, p.summary) for p in pages
                          if journey_audience(by_id[p.journey]) != "employer"]
                sections = [(w.label("your_guides", lang), own), (w.label("for_your_workers", lang), duties)]
            draft = lang != "en" and any(by_id[p.journey].translations.get(lang, "draft") != "reviewed"
                                         for p in pages)
            files[f"{lang}/{a}/index.html"] = render_index(lang, a, own, draft=draft or lang != "en",
                                                           sections=sections).encode("utf-8")
    files["index.html"] = render_home(pack.audiences, pack.languages).encode("utf-8")
    return files


def oversized(files: dict[str, bytes], limit: int = MAX_PAGE_BYTES) -> list[str]:
    """HTML files of the pack at or over ``limit`` bytes."""
    return sorted(k for k, v in files.items() if k.endswith(".html") and len(v) >= limit)

