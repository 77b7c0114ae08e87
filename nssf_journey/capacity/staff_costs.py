"""What one more member of staff costs, and the service they must give: ``data/staffing.yaml``.

The file maps resource ids to the monthly cost of one server of that resource (a counter clerk, a claims
officer), with its source, and the resource's service standards: targets in the syntax of ``--target``
(:mod:`.targets`), each with its own source. Capacity planning keeps the standards when no target is given::

    payslip_counter:
      role: counter clerk
      monthly_cost: 400          # US dollars a month: salary, allowances and the desk
      source: "assumption: ..."
      evidence: assumed
      standards:
        - target: "wait p90 <= 30 min"      # queueing while the counter is open
          source: "assumption: ..."
          evidence: assumed

It is read with the declarative field kinds of the journey format (:mod:`nssf_journey.loading.fields`), so a
problem is reported ``data/staffing.yaml:3:17: error: payslip_counter.monthly_cost: expected a number > 0, got
'four hundred'`` like a problem in a journey, every problem of the file at once; a standard that is not a
target is reported at its ``target``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable

from ..loading.data import raise_errors, read_data
from ..loading.data_format import DATA_FILES
from ..model import ParameterSource
from ..targets import Target, service_standard

STAFFING_FILE = DATA_FILES["staffing"].file


@dataclass(frozen=True)
class StaffCost:
    """The monthly cost (US dollars) of one server of a resource, where the number comes from, and the
    resource's service standards (targets with ``source == "standard"``)."""

    resource: str
    role: str
    monthly_cost: float
    source: ParameterSource
    standards: tuple[Target, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"role": self.role, "monthly_cost": self.monthly_cost, "source": self.source.text,
                "evidence": self.source.evidence, "standards": [t.to_dict() for t in self.standards]}


def load_staff_costs(path: str | os.PathLike[str], known_sources: Iterable[str] | None = None) -> dict[str, StaffCost]:
    """Read a staffing file; raise :class:`JourneyError` with every problem, in one pass: those of every data
    file (a source id that ``known_sources``, the ids of ``sources.yaml``, does not list, ...) and a service
    standard that is not a target (:func:`~nssf_journey.targets.parse_target`) of its own resource."""
    data = raise_errors(*read_data(path, DATA_FILES["staffing"], known_sources))
    out: dict[str, StaffCost] = {}
    for rid, v in data.items():
        standards = []
        for std in v.get("standards") or ():
            cites = ParameterSource.of("standard", std["source"], std.get("evidence"))
            standards.append(service_standard(std["target"], rid, cites.text, cites.evidence))
        out[rid] = StaffCost(rid, v["role"], v["monthly_cost"],
                             ParameterSource.of("monthly_cost", v["source"], v.get("evidence")), tuple(standards))
    return out


__all__ = ["STAFFING_FILE", "StaffCost", "load_staff_costs"]
