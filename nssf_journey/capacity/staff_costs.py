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
from pathlib import Path

from ..loading.fields import Checker, Choice, Field, MapOf, Number, Record, Slug, Text
from ..loading.problems import JourneyError, Problem
from ..loading.yaml_source import parse_yaml
from ..model import EVIDENCE_LEVELS, ParameterSource

STAFFING_FILE = "staffing.yaml"

STAFF_COST = Record(
    {
        "role": Field(Text(), required=True, doc="Who the server is: counter clerk, claims officer."),
        "monthly_cost": Field(Number(exclusive_minimum=0), required=True,
                              doc="US dollars a month for one server: salary, allowances, workplace."),
        "source": Field(Text(), required=True, doc='A source id from data/sources.yaml or "assumption: <reason>".'),
        "evidence": Field(Choice(EVIDENCE_LEVELS)),
    },
    description="a staff cost {role, monthly_cost, source, evidence}",
)
STAFFING = MapOf(STAFF_COST, key=Slug(), description="a mapping from resource id to its staff cost")


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


def load_staff_costs(path: str | os.PathLike[str], known_sources: set[str] | None = None) -> dict[str, StaffCost]:
    """Read a staffing file; raise :class:`JourneyError` with every problem (unknown source ids included when
    ``known_sources`` is given)."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JourneyError([Problem(file, 1, 1, "error", "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JourneyError([Problem(file, 1, 1, "error", "", f"cannot read the file: {exc}")]) from None
    doc = parse_yaml(text, file)
    ck = Checker(doc)
    data = STAFFING.check(doc.data, (), ck)
    out: dict[str, StaffCost] = {}
    if not ck.has_errors:
        for rid, v in data.items():
            evidence = v.get("evidence")
            src = ParameterSource("monthly_cost", v["source"], "assumed")
            if evidence is None:
                evidence = "assumed" if src.is_assumption else "reported"
            src = ParameterSource("monthly_cost", v["source"], evidence)
            if known_sources is not None and src.source_id and src.source_id not in known_sources:
                ck.error((rid, "source"), f"unknown source id '{src.source_id}' (see sources.yaml)")
                continue
            out[rid] = StaffCost(rid, v["role"], v["monthly_cost"], src)
    if ck.has_errors:
        raise JourneyError(ck.problems)
    return out


__all__ = ["STAFFING_FILE", "StaffCost", "load_staff_costs"]
