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
pages mark assumed lines as proposals to be confirmed. The file is described by ``STAFF_GUIDE`` in
:mod:`nssf_journey.loading.data_format` and read like every data file (:func:`nssf_journey.loading.data.read_data`);
this module turns it into the values the staff pages use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..i18n import LocalText
from ..loading.data import check_data, find_data_dir, raise_errors, read_data
from ..loading.data_format import DATA_FILES
from ..loading.fields import Checker, did_you_mean
from ..loading.problems import JourneyError, Problem
from ..loading.yaml_source import parse_yaml
from ..model import Journey, ParameterSource

#: The description of the file (``STAFF_GUIDE`` in :mod:`nssf_journey.loading.data_format`).
SPEC = DATA_FILES["staff_guide"]
STAFF_FILE = SPEC.file
#: The placeholder of an escalation rule for the service standard's longest time.
LONGEST_PLACEHOLDER = "{longest}"


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
    """Parse the text of a ``staff_guide.yaml``; raise :class:`JourneyError` listing every problem.

    With ``known_sources`` (the ids of ``sources.yaml``), a source naming another id is an error."""
    return _convert(*check_data(parse_yaml(text, file, SPEC.kind.description), SPEC, known_sources))


def load_staff_guide(folder: str | os.PathLike[str] | None = None,
                     known_sources: Iterable[str] | None = None) -> StaffGuide:
    """Read ``staff_guide.yaml`` of a data folder (see :func:`parse_staff_guide`)."""
    return _convert(*read_data(find_data_dir(folder) / STAFF_FILE, SPEC, known_sources))


def _line(x: dict[str, Any]) -> StaffLine:
    return StaffLine(x["text"], ParameterSource.of("source", x["source"]))


def _convert(ck: Checker, value: Any) -> StaffGuide:
    raise_errors(ck, value)
    doc = ck.doc
    journeys = {}
    for jid, v in value["journeys"].items():
        where = {f"counter:{i}": doc.where(("journeys", jid, "counter", i)) for i in range(len(v.get("counter") or []))}
        where.update({f"returns:{i}": doc.where(("journeys", jid, "returns", i, "at"))
                      for i in range(len(v.get("returns") or []))})
        journeys[jid] = StaffJourney(
            counter=tuple(v.get("counter") or ()),
            checklist=tuple(_line(x) for x in v.get("checklist") or ()),
            returns=tuple(ReturnReason(x["text"], ParameterSource.of("source", x["source"]), x["at"])
                          for x in v.get("returns") or ()),
            script=tuple(_line(x) for x in v.get("script") or ()),
            escalate=tuple(Escalation(x["when"], ParameterSource.of("source", x["source"]), x["to"])
                           for x in v.get("escalate") or ()),
            where=where,
        )
    return StaffGuide(doc.file, journeys, dict(value.get("translations") or {}))


def check_references(guide: StaffGuide, journeys: Iterable[Journey]) -> None:
    """Raise :class:`JourneyError` when the guide names a step or outcome the journeys do not have."""
    problems = guide.problems_with(journeys)
    if problems:
        raise JourneyError(problems)
