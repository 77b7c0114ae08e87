"""``data/staff_guide.yaml``: what front-office staff need beyond the journey model.

Per journey:

- ``counter``: the steps at which the customer's file reaches an NSSF counter; the documents those steps list
  in the journey start the counter checklist, in order;
- ``checklist``: further things to check at the counter, in order;
- ``returns``: reasons a case comes back or is rejected, each tied to the step or outcome of the journey where
  that happens (``at``), so that the guide can say how often it happens;
- ``script``: what to tell the customer, a few short sentences in Khmer and English;
- ``escalate``: when to escalate a case and to whom; ``{longest}`` in ``when`` becomes the service standard's
  longest time.

Every line names its source (a source id of ``data/sources.yaml``) or says ``assumption: <reason>``; the staff
pages mark assumed lines as proposals to be confirmed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..i18n import LANGUAGES, TRANSLATION_STATUSES, LocalText
from ..loading.data import find_data_dir
from ..loading.fields import Choice, Field, ListOf, LocalizedText, MapOf, Record, Slug, did_you_mean
from ..loading.problems import JourneyError, Problem
from ..model import Journey, ParameterSource
from .datafiles import SourceText, check_document, raise_problems, read_document

STAFF_FILE = "staff_guide.yaml"
#: The placeholder of an escalation rule for the service standard's longest time.
LONGEST_PLACEHOLDER = "{longest}"


def _format(known_sources: frozenset[str] | None) -> Record:
    source = Field(SourceText(known_sources), required=True,
                   doc='A source id of data/sources.yaml or "assumption: <reason>".')
    line = Record({"text": Field(LocalizedText(), required=True), "source": source},
                  description="a line {text, source}")
    back = Record({
        "at": Field(Slug(), required=True, doc="The step or outcome of the journey where the case comes back or ends."),
        "text": Field(LocalizedText(), required=True),
        "source": source,
    }, description="a reason {at, text, source}")
    escalate = Record({
        "when": Field(LocalizedText(), required=True, doc="When to escalate; {longest} is the service standard."),
        "to": Field(LocalizedText(), required=True, doc="To whom."),
        "source": source,
    }, description="an escalation rule {when, to, source}")
    journey = Record({
        "counter": Field(ListOf(Slug()), doc="Steps at which the file reaches an NSSF counter."),
        "checklist": Field(ListOf(line)),
        "returns": Field(ListOf(back)),
        "script": Field(ListOf(line)),
        "escalate": Field(ListOf(escalate)),
    }, description="a journey's staff guide {counter, checklist, returns, script, escalate}")
    return Record({
        "translations": Field(MapOf(Choice(TRANSLATION_STATUSES), key=Choice(LANGUAGES[1:]))),
        "journeys": Field(MapOf(journey, key=Slug()), required=True),
    }, description="the staff guide {translations, journeys}")


@dataclass(frozen=True)
class StaffLine:
    """A sourced line of the staff guide."""

    text: LocalText
    source: ParameterSource

    @property
    def assumed(self) -> bool:
        return self.source.is_assumption


@dataclass(frozen=True)
class ReturnReason(StaffLine):
    """A reason a case comes back or is rejected, at step or outcome ``at``."""

    at: str = ""


@dataclass(frozen=True)
class Escalation(StaffLine):
    """When to escalate (``text``) and to whom (``to``)."""

    to: LocalText = LocalText("")


@dataclass(frozen=True)
class StaffJourney:
    """The staff guide data of one journey."""

    counter: tuple[str, ...] = ()
    checklist: tuple[StaffLine, ...] = ()
    returns: tuple[ReturnReason, ...] = ()
    script: tuple[StaffLine, ...] = ()
    escalate: tuple[Escalation, ...] = ()
    where: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class StaffGuide:
    """The content of ``data/staff_guide.yaml``."""

    file: str
    journeys: Mapping[str, StaffJourney]
    translations: Mapping[str, str] = field(default_factory=dict)

    def of(self, journey_id: str) -> StaffJourney:
        return self.journeys.get(journey_id) or StaffJourney()

    def problems_with(self, journeys: Iterable[Journey]) -> list[Problem]:
        """``counter`` steps and ``returns[].at`` that the given journeys do not have."""
        out = []
        for j in journeys:
            sj = self.journeys.get(j.id)
            if sj is None:
                continue
            for i, sid in enumerate(sj.counter):
                if sid not in j.step_by_id:
                    line, col = sj.where.get(f"counter:{i}", (1, 1))
                    out.append(Problem(self.file, line, col, "error", f"journeys.{j.id}.counter[{i}]",
                                       f"journey '{j.id}' has no step '{sid}'{did_you_mean(sid, list(j.step_by_id))}"))
            for i, r in enumerate(sj.returns):
                if r.at not in j.step_by_id and r.at not in j.outcome_ids:
                    line, col = sj.where.get(f"returns:{i}", (1, 1))
                    names = list(j.step_by_id) + list(j.outcome_ids)
                    out.append(Problem(self.file, line, col, "error", f"journeys.{j.id}.returns[{i}].at",
                                       f"journey '{j.id}' has no step or outcome '{r.at}'{did_you_mean(r.at, names)}"))
        return out


def parse_staff_guide(text: str, file: str, known_sources: Iterable[str] | None = None) -> StaffGuide:
    """Parse the text of a ``staff_guide.yaml``; raise :class:`JourneyError` listing every problem."""
    from ..loading.yaml_source import parse_yaml

    return _convert(parse_yaml(text, file), known_sources)


def load_staff_guide(folder: str | os.PathLike[str] | None = None,
                     known_sources: Iterable[str] | None = None) -> StaffGuide:
    """Read ``staff_guide.yaml`` of a data folder."""
    return _convert(read_document(find_data_dir(folder) / STAFF_FILE), known_sources)


def _convert(doc, known_sources: Iterable[str] | None) -> StaffGuide:
    value, ck = check_document(doc, _format(frozenset(known_sources) if known_sources is not None else None))
    raise_problems(ck)
    journeys = {}
    for jid, v in value["journeys"].items():
        where = {f"counter:{i}": doc.where(("journeys", jid, "counter", i)) for i in range(len(v.get("counter") or []))}
        where.update({f"returns:{i}": doc.where(("journeys", jid, "returns", i, "at"))
                      for i in range(len(v.get("returns") or []))})
        journeys[jid] = StaffJourney(
            counter=tuple(v.get("counter") or ()),
            checklist=tuple(StaffLine(x["text"], x["source"]) for x in v.get("checklist") or ()),
            returns=tuple(ReturnReason(x["text"], x["source"], x["at"]) for x in v.get("returns") or ()),
            script=tuple(StaffLine(x["text"], x["source"]) for x in v.get("script") or ()),
            escalate=tuple(Escalation(x["when"], x["source"], x["to"]) for x in v.get("escalate") or ()),
            where=where,
        )
    return StaffGuide(doc.file, journeys, dict(value.get("translations") or {}))


def check_references(guide: StaffGuide, journeys: Iterable[Journey]) -> None:
    """Raise :class:`JourneyError` when the guide names a step or outcome the journeys do not have."""
    problems = guide.problems_with(journeys)
    if problems:
        raise JourneyError(problems)
