"""What one more member of staff costs: ``data/staffing.yaml``.

The file maps resource ids to the monthly cost of one server of that resource (a counter clerk, a claims
officer), with its source::

    payslip_counter:
      role: counter clerk
      monthly_cost: 400          # US dollars a month: salary, allowances and the desk
      source: "assumption: ..."
      evidence: assumed

It is read with the declarative field kinds of the journey format (:mod:`nssf_journey.loading.fields`), so a
problem is reported ``data/staffing.yaml:3:17: error: payslip_counter.monthly_cost: expected a number > 0, got
'four hundred'`` like a problem in a journey, every problem of the file at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable

from ..loading.data import raise_errors, read_data
from ..loading.data_format import DATA_FILES
from ..model import ParameterSource

STAFFING_FILE = DATA_FILES["staffing"].file


@dataclass(frozen=True)
class StaffCost:
    """The monthly cost (US dollars) of one server of a resource, and where the number comes from."""

    resource: str
    role: str
    monthly_cost: float
    source: ParameterSource

    def to_dict(self) -> dict[str, object]:
        return {"role": self.role, "monthly_cost": self.monthly_cost, "source": self.source.text,
                "evidence": self.source.evidence}


def load_staff_costs(path: str | os.PathLike[str], known_sources: Iterable[str] | None = None) -> dict[str, StaffCost]:
    """Read a staffing file; raise :class:`JourneyError` with every problem (a source id that ``known_sources``,
    the ids of ``sources.yaml``, does not list is one, as in every data file)."""
    data = raise_errors(*read_data(path, DATA_FILES["staffing"], known_sources))
    return {rid: StaffCost(rid, v["role"], v["monthly_cost"], ParameterSource.of("monthly_cost", v["source"],
                                                                                 v.get("evidence")))
            for rid, v in data.items()}


__all__ = ["STAFFING_FILE", "StaffCost", "load_staff_costs"]
