"""Assemble the Digital Info Pack from journeys and the data folder: what ``nssf-journey infopack`` makes.

:func:`make_pack` reads the benefits and the bibliography of the data folder and builds every page of the as-is
journeys; :func:`~nssf_journey.infopack.build.pack_files` renders them and
:func:`~nssf_journey.infopack.output.write_pack_files` writes them. :func:`check_translations` is the check
behind ``--check-translations``: the texts that Khmer pages show in English.

>>> from nssf_journey import load_journeys                            # doctest: +SKIP
>>> from nssf_journey.infopack import make_pack, pack_files, write_pack_files   # doctest: +SKIP
>>> write_pack_files(pack_files(make_pack(load_journeys(["journeys/"]), "data")), "reports/infopack")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from ..loading.data import DataSet
from ..model import Journey
from .build import MAX_PAGE_BYTES, Pack, build_pack, is_redesign, load_pack_inputs, oversized
from .check import EnglishOnKhmerPage, MissingTranslation, english_on_khmer_pages, translation_lines, translation_report
from .page import AUDIENCES, PAGE_LANGUAGES
from .timing import DEFAULT_SEED


def make_pack(
    journeys: Iterable[Journey],
    data: DataSet | str | os.PathLike[str] | None = None,
    *,
    audiences: Sequence[str] = (),
    languages: Sequence[str] = (),
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
) -> Pack:
    """The Info Pack of the as-is journeys among ``journeys`` (redesigns describe no service yet: left out).

    ``data`` is the data folder (default: ``./data``) or a data set already read; its ``benefits.yaml`` gives rates
    and rules, ``infopack.yaml`` the situations and the guides' address online, ``staff_guide.yaml`` the staff
    guides' checklists and scripts, ``sources.yaml`` the titles of sources. ``audiences`` and ``languages`` choose the pages
    (default: all of :data:`~nssf_journey.infopack.page.AUDIENCES` and
    :data:`~nssf_journey.infopack.page.PAGE_LANGUAGES`); the same ``seed`` gives the same time percentiles.

    Raises :class:`~nssf_journey.loading.problems.JourneyError` with every problem of the data files, and
    ``ValueError`` for an unknown audience or language.
    """
    folder = data.folder if isinstance(data, DataSet) else data
    return build_pack(list(journeys), load_pack_inputs(folder), audiences=tuple(dict.fromkeys(audiences)) or AUDIENCES,
                      languages=tuple(dict.fromkeys(languages)) or PAGE_LANGUAGES, seed=seed, progress=progress)


def oversized_warnings(files: Mapping[str, bytes], out: str | os.PathLike[str], limit: int = MAX_PAGE_BYTES
                       ) -> list[str]:
    """A warning for each page of the pack (to be written into ``out``) at or over ``limit`` bytes."""
    return [f"{Path(out) / name}: {len(files[name]):,} bytes, over the {limit // 1000} KB a page should stay under"
            for name in oversized(dict(files), limit)]


def left_out_note(journeys: Iterable[Journey]) -> str | None:
    """What the pack leaves out of ``journeys`` (redesigns), as one sentence; ``None`` when it leaves out nothing."""
    n = sum(1 for j in journeys if is_redesign(j))
    return f"left out {n} redesign{'s' if n != 1 else ''} (the pack describes today's service)" if n else None


def written_summary(pack: Pack, written: Sequence[Path], out: str | os.PathLike[str]) -> str:
    """One line on what was written: the front page, and how many pages for how many journeys in how many files."""
    pages = sum(1 for p in written if p.suffix == ".html")
    journeys = len(pack.pages) and len({p.journey for p in pack.pages})
    return f"wrote {Path(out) / 'index.html'}: {pages} pages for {journeys} journeys, {len(written)} files"


@dataclass(frozen=True)
class TranslationCheck:
    """What Khmer readers would see in English: the texts of journey and data files without a Khmer translation,
    each file's translation status (``reviewed``, ``draft`` or ``none`` when a file declares none), and, page by
    page, English phrases on the Khmer pages of a built pack (``pages`` lists the Khmer pages checked)."""

    missing: tuple[MissingTranslation, ...]
    status: dict[str, str]
    english: tuple[EnglishOnKhmerPage, ...] = ()
    pages: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """No Khmer page shows an English sentence (texts without Khmer that no page shows do not count)."""
        return not self.english

    def to_dict(self) -> dict:
        return {"status": dict(self.status),
                "missing": [{"file": m.file, "line": m.line, "column": m.column, "path": m.path}
                            for m in self.missing],
                "english_on_khmer_pages": [{"page": x.page, "text": x.text} for x in self.english],
                "khmer_pages": list(self.pages)}

    def lines(self) -> list[str]:
        """The report of ``--check-translations``, one line each."""
        return translation_lines(list(self.missing), self.status, list(self.english), list(self.pages))


def translation_inputs(folder: str | os.PathLike[str]) -> list[Path]:
    """The files of a data folder whose texts the pack shows in Khmer: ``benefits.yaml``, ``infopack.yaml`` and
    ``staff_guide.yaml``, those that exist."""
    from .benefits import benefits_file
    from .pack_data import PACK_FILE
    from .staff_data import STAFF_FILE

    return [f for f in (benefits_file(folder), Path(folder) / PACK_FILE, Path(folder) / STAFF_FILE) if f.exists()]


def check_translations(files: Iterable[str | os.PathLike[str]], pack: Mapping[str, bytes] | None = None
                       ) -> TranslationCheck:
    """The texts without Khmer in ``files`` (journeys and data files; redesigns left out) and, when the rendered
    ``pack`` (:func:`~nssf_journey.infopack.build.pack_files`) is given, the English phrases on its Khmer pages."""
    missing, status = translation_report([str(f) for f in files], "km")
    if pack is None:
        return TranslationCheck(tuple(missing), status)
    pages = tuple(sorted(k for k in pack if k.startswith("km/") and k.endswith(".html")))
    return TranslationCheck(tuple(missing), status, tuple(english_on_khmer_pages(dict(pack))), pages)


__all__ = ["TranslationCheck", "check_translations", "translation_inputs", "left_out_note", "make_pack", "oversized_warnings",
           "written_summary"]
