"""``data/infopack.yaml``: what the pack says that is not in a journey or a benefit fact.

- ``site``: the institution's name (on every leaflet) and the address where the guides are published online
  (each leaflet's QR code points at its own guide there), with the source of that address;
- ``situations``: the life events of the home page, in the reader's words ("I am sick"), each leading to one
  guide;
- ``journeys``: per journey, the sentence that says a reader's chances (``{n}`` becomes "About 9 in 10", counted
  from the step ``from``), and, for the steps that somebody else does for the reader (the employer, NSSF's back
  office), what the reader is told about them ("Your employer hands in your claim at the NSSF office").

References to journeys and steps are checked against the journeys the pack is built from
(:meth:`PackTexts.problems_with`), with the file, line and column of the reference.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..i18n import LANGUAGES, TRANSLATION_STATUSES, LocalText
from ..loading.data import find_data_dir
from ..loading.fields import (INVALID, Checker, Choice, Field, Kind, ListOf, LocalizedText, MapOf, Record, Slug,
                              did_you_mean)
from ..loading.problems import JourneyError, Path as FieldPath, Problem
from ..model import Journey, ParameterSource
from .datafiles import SourceText, check_document, raise_problems, read_document

PACK_FILE = "infopack.yaml"
#: The placeholder of a chance sentence.
CHANCE_PLACEHOLDER = "{n}"
_ADDRESS = re.compile(r"^https?://[^\s/]+(/[^\s]*)?/$")


class Address(Kind):
    """An http(s) address that ends in ``/`` (guides are published below it)."""

    description = "an address such as https://www.nssf.gov.kh/infopack/ (ending in /)"

    def check(self, value: Any, path: FieldPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not _ADDRESS.match(value.strip()):
            return self.expected(value, path, ck)
        return value.strip()

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _ADDRESS.pattern}


class ChanceText(LocalizedText):
    """A localized text in which every language says ``{n}`` once."""

    description = "text with {n} where the chance goes (or {en: ..., km: ...}, each with {n})"

    def check(self, value: Any, path: FieldPath, ck: Checker) -> Any:
        text = super().check(value, path, ck)
        if text is INVALID:
            return INVALID
        for lang in LANGUAGES:
            if text.has(lang) and text.in_language(lang).count(CHANCE_PLACEHOLDER) != 1:
                where = path + (lang,) if isinstance(value, dict) else path
                ck.error(where, f"expected the text to say {CHANCE_PLACEHOLDER} once, where the chance goes")
                return INVALID
        return text


def _format(known_sources: frozenset[str] | None) -> Record:
    site = Record({
        "institution": Field(LocalizedText(), required=True, doc="The institution's name, on every page and leaflet."),
        "short_name": Field(LocalizedText(), required=True, doc="Its short name (NSSF)."),
        "guides_online": Field(Address(), required=True, doc="Where the guides are published; QR codes point below it."),
        "source": Field(SourceText(known_sources), required=True, doc="Where the address comes from."),
    }, description="the site {institution, short_name, guides_online, source}")
    situation = Record({
        "audience": Field(Choice(("worker", "employer")), required=True),
        "journey": Field(Slug(), required=True, doc="The journey whose guide the situation opens."),
        "text": Field(LocalizedText(), required=True, doc="The situation in the reader's words."),
    }, description="a situation {audience, journey, text}")
    chance = Record({
        "from": Field(Slug(), required=True, doc="The step from which the chance is counted."),
        "text": Field(ChanceText(), required=True),
    }, description="a chance {from: <step id>, text: ...{n}...}")
    words = Record({
        "chance": Field(chance),
        "steps": Field(MapOf(LocalizedText(), key=Slug()),
                       doc="What the reader is told about a step somebody else does for them, by step id."),
    }, description="a journey's words {chance, steps}")
    return Record({
        "translations": Field(MapOf(Choice(TRANSLATION_STATUSES), key=Choice(LANGUAGES[1:]))),
        "site": Field(site, required=True),
        "situations": Field(ListOf(situation, min_items=1), required=True),
        "journeys": Field(MapOf(words, key=Slug())),
    }, description="the Info Pack's settings {site, situations, journeys}")


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
    """Parse the text of an ``infopack.yaml``; raise :class:`JourneyError` listing every problem."""
    from ..loading.yaml_source import parse_yaml

    return _convert(parse_yaml(text, file), known_sources)


def load_pack_texts(folder: str | os.PathLike[str] | None = None,
                    known_sources: Iterable[str] | None = None) -> PackTexts:
    """Read ``infopack.yaml`` of a data folder."""
    return _convert(read_document(find_data_dir(folder) / PACK_FILE), known_sources)


def _convert(doc, known_sources: Iterable[str] | None) -> PackTexts:
    known = frozenset(known_sources) if known_sources is not None else None
    value, ck = check_document(doc, _format(known))
    raise_problems(ck)
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
    return PackTexts(doc.file, Site(site["institution"], site["short_name"], site["guides_online"], site["source"]),
                     situations, journeys, dict(value.get("translations") or {}))


def check_references(texts: PackTexts, journeys: Iterable[Journey]) -> None:
    """Raise :class:`JourneyError` when ``texts`` names a step the journeys do not have."""
    problems = texts.problems_with(journeys)
    if problems:
        raise JourneyError(problems)
