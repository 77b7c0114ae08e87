"""``data/infopack.yaml``: what the pack says that is not in a journey or a benefit fact.

- ``site``: the institution's name (on every leaflet) and the address where the guides are published online
  (each leaflet's QR code points at its own guide there), with the source of that address;
- ``situations``: the life events of the home page, in the reader's words ("I am sick"), each leading to one
  guide;
- ``journeys``: per journey, the sentence that says a reader's chances (``{n}`` becomes "About 9 in 10", counted
  from the step ``from``), and, for the steps that somebody else does for the reader (the employer, NSSF's back
  office), what the reader is told about them ("Your employer hands in your claim at the NSSF office").

The file is described by ``PACK_TEXTS`` in :mod:`nssf_journey.loading.data_format` and read like every data file
(:func:`nssf_journey.loading.data.read_data`); this module turns it into the values the pack uses. References to
journeys and steps are checked against the journeys the pack is built from (:meth:`PackTexts.problems_with`), with
the file, line and column of the reference.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..i18n import LocalText
from ..loading.data import check_data, find_data_dir, raise_errors, read_data
from ..loading.data_format import CHANCE_PLACEHOLDER, DATA_FILES
from ..loading.fields import Checker, did_you_mean
from ..loading.problems import JourneyError, Problem
from ..loading.yaml_source import parse_yaml
from ..model import Journey, ParameterSource

#: The description of the file (``PACK_TEXTS`` in :mod:`nssf_journey.loading.data_format`).
SPEC = DATA_FILES["infopack"]
PACK_FILE = SPEC.file

__all__ = ["CHANCE_PLACEHOLDER", "PACK_FILE", "Chance", "JourneyWords", "PackTexts", "Site", "Situation",
           "check_references", "load_pack_texts", "parse_pack_texts"]


@dataclass(frozen=True)
class Site:
    """The institution and where its guides are published online."""

    institution: LocalText
    short_name: LocalText
    guides_online: str
    source: ParameterSource

    def guide_address(self, lang: str, audience: str, journey: str) -> str:
        """The address of one guide online: ``<guides_online><lang>/<audience>/<journey>.html``.

        >>> Site(LocalText("X"), LocalText("X"), "https://example.org/pack/", None).guide_address("km", "worker", "j")
        'https://example.org/pack/km/worker/j.html'
        """
        return f"{self.guides_online}{lang}/{audience}/{journey}.html"


@dataclass(frozen=True)
class Situation:
    """A life event on the home page, in the reader's words, and the guide it opens."""

    audience: str
    journey: str
    text: LocalText
    where: tuple[int, int] = (1, 1)


@dataclass(frozen=True)
class Chance:
    """How a page says the reader's chances: ``text`` with ``{n}``, counted from step ``start``."""

    start: str
    text: LocalText
    where: tuple[int, int] = (1, 1)


@dataclass(frozen=True)
class JourneyWords:
    """A journey's words in the pack: its chance sentence and what the reader is told about others' steps."""

    chance: Chance | None = None
    steps: Mapping[str, LocalText] = field(default_factory=dict)
    where: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class PackTexts:
    """The content of ``data/infopack.yaml``."""

    file: str
    site: Site
    situations: tuple[Situation, ...]
    journeys: Mapping[str, JourneyWords]
    translations: Mapping[str, str] = field(default_factory=dict)

    def words(self, journey_id: str) -> JourneyWords:
        return self.journeys.get(journey_id) or JourneyWords()

    def problems_with(self, journeys: Iterable[Journey]) -> list[Problem]:
        """References to steps that the given journeys do not have (journeys not given are not checked)."""
        by_id = {j.id: j for j in journeys}
        out = []
        for jid, words in self.journeys.items():
            j = by_id.get(jid)
            if j is None:
                continue
            refs = [("steps", sid) for sid in words.steps]
            if words.chance is not None:
                refs.append(("chance", words.chance.start))
            for what, sid in refs:
                if sid not in j.step_by_id:
                    line, col = words.where.get(f"{what}:{sid}", (1, 1))
                    path = f"journeys.{jid}.{'chance.from' if what == 'chance' else 'steps.' + sid}"
                    out.append(Problem(self.file, line, col, "error", path,
                                       f"journey '{jid}' has no step '{sid}'{did_you_mean(sid, list(j.step_by_id))}"))
        return out


def parse_pack_texts(text: str, file: str, known_sources: Iterable[str] | None = None) -> PackTexts:
    """Parse the text of an ``infopack.yaml``; raise :class:`JourneyError` listing every problem.

    With ``known_sources`` (the ids of ``sources.yaml``), a source naming another id is an error."""
    return _convert(*check_data(parse_yaml(text, file, SPEC.kind.description), SPEC, known_sources))


def load_pack_texts(folder: str | os.PathLike[str] | None = None,
                    known_sources: Iterable[str] | None = None) -> PackTexts:
    """Read ``infopack.yaml`` of a data folder (see :func:`parse_pack_texts`)."""
    return _convert(*read_data(find_data_dir(folder) / PACK_FILE, SPEC, known_sources))


def _convert(ck: Checker, value: Any) -> PackTexts:
    raise_errors(ck, value)
    doc = ck.doc
    site = value["site"]
    situations = tuple(Situation(s["audience"], s["journey"], s["text"], doc.where(("situations", i)))
                       for i, s in enumerate(value["situations"]))
    journeys = {}
    for jid, w in (value.get("journeys") or {}).items():
        where = {f"steps:{sid}": doc.key_where(("journeys", jid, "steps", sid)) for sid in w.get("steps") or {}}
        chance = None
        if w.get("chance"):
            where[f"chance:{w['chance']['from']}"] = doc.where(("journeys", jid, "chance", "from"))
            chance = Chance(w["chance"]["from"], w["chance"]["text"], doc.where(("journeys", jid, "chance")))
        journeys[jid] = JourneyWords(chance, dict(w.get("steps") or {}), where)
    source = ParameterSource.of("source", site["source"])
    return PackTexts(doc.file, Site(site["institution"], site["short_name"], site["guides_online"], source),
                     situations, journeys, dict(value.get("translations") or {}))


def check_references(texts: PackTexts, journeys: Iterable[Journey]) -> None:
    """Raise :class:`JourneyError` when ``texts`` names a step the journeys do not have."""
    problems = texts.problems_with(journeys)
    if problems:
        raise JourneyError(problems)
