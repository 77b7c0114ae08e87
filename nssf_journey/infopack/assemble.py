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
from .build import MAX_PAGE_BYTES, Pack, build_pack, is_redesign, oversized
from .check import MissingTranslation, translation_report
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
    and rules, its ``sources.yaml`` the titles of sources. ``audiences`` and ``languages`` choose the pages
    (default: all of :data:`~nssf_journey.infopack.page.AUDIENCES` and
    :data:`~nssf_journey.infopack.page.PAGE_LANGUAGES`); the same ``seed`` gives the same time percentiles.

    Raises :class:`~nssf_journey.loading.problems.JourneyError` when the data folder or ``benefits.yaml`` is not
    valid, and ``ValueError`` for an unknown audience or language.
    """
    from ..loading.data import load_data
    from .benefits import load_benefits

    dataset = data if isinstance(data, DataSet) else load_data(data)
    benefits = load_benefits(dataset.folder)
    titles = {k: s.title for k, s in dataset.sources.items()}
    return build_pack(list(journeys), benefits, audiences=tuple(dict.fromkeys(audiences)) or AUDIENCES,
                      languages=tuple(dict.fromkeys(languages)) or PAGE_LANGUAGES, seed=seed, source_titles=titles,
                      progress=progress)


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
    """The texts shown in English on the pages of ``lang`` (no translation), and each file's translation status
    (``reviewed``, ``draft`` or ``none`` when a file does not declare one)."""

    lang: str
    missing: tuple[MissingTranslation, ...]
    status: dict[str, str]

    def to_dict(self) -> dict:
        return {"lang": self.lang, "status": dict(self.status),
                "missing": [{"file": m.file, "line": m.line, "column": m.column, "path": m.path}
                            for m in self.missing]}

    def lines(self) -> list[str]:
        """One line per missing text, a count, and which files are drafts or declare no status."""
        out = [str(m) for m in self.missing]
        files_missing = sum(1 for f in self.status if any(m.file == f for m in self.missing))
        n = len(self.missing)
        language = "Khmer" if self.lang == "km" else f"'{self.lang}'"
        out.append(f"{n} text{'s' if n != 1 else ''} without {language} in {files_missing} of {len(self.status)} "
                   f"files (shown in English on {language} pages)")
        drafts = sorted(Path(f).stem for f, s in self.status.items() if s == "draft")
        undeclared = sorted(Path(f).stem for f, s in self.status.items() if s == "none")
        if drafts:
            out.append(f"{language} drafts, not yet reviewed by a native speaker: " + ", ".join(drafts))
        if undeclared:
            out.append("No translation status declared: " + ", ".join(undeclared))
        return out


def check_translations(files: Iterable[str | os.PathLike[str]], lang: str = "km") -> TranslationCheck:
    """The texts without a translation into ``lang`` in journey files (and ``benefits.yaml``), redesigns left out."""
    missing, status = translation_report([str(f) for f in files], lang)
    return TranslationCheck(lang, tuple(missing), status)


__all__ = ["TranslationCheck", "check_translations", "left_out_note", "make_pack", "oversized_warnings",
           "written_summary"]
