"""What a redesign saves at national scale: per case, per employer or worker a year, and for the country.

Savings per case are the exact differences of expected figures (lead time, customer's own time, staff time,
in-person visits, money). ``data/scale.yaml`` says how many cases of each as-is journey happen a year and how
many one customer makes; both are multiplied in and their sources shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..loading.data import DataSet, Figure, load_figures

SCALE_FILE = "scale.yaml"


@dataclass(frozen=True)
class Saving:
    """One saving (before - after, so positive is better) per case, per customer a year and for the country."""

    what: str
    unit: str
    per_case: float
    per_customer_year: float
    national_year: float

    def to_dict(self) -> dict:
        return {"what": self.what, "unit": self.unit, "per_case": self.per_case,
                "per_customer_year": self.per_customer_year, "national_year": self.national_year}


@dataclass(frozen=True)
class NationalSavings:
    """Savings of a redesign, with the figures that scale them."""

    journey: str
    cases_per_year: Figure
    per_customer_per_year: Figure
    savings: tuple[Saving, ...]

    @property
    def assumptions(self) -> list[str]:
        return [f"{f.key}: {f.value:,.6g} {f.unit} ({f.evidence}; {f.source.text})"
                for f in (self.cases_per_year, self.per_customer_per_year)]

    def to_dict(self) -> dict:
        return {
            "journey": self.journey,
            "cases_per_year": {"value": self.cases_per_year.value, "source": self.cases_per_year.source.text,
                               "evidence": self.cases_per_year.evidence},
            "per_customer_per_year": {"value": self.per_customer_per_year.value,
                                      "source": self.per_customer_per_year.source.text,
                                      "evidence": self.per_customer_per_year.evidence},
            "savings": [s.to_dict() for s in self.savings],
        }


def load_scale(data: DataSet) -> dict[str, tuple[Figure, Figure]]:
    """``{journey id: (cases per year, cases per customer a year)}`` from ``scale.yaml`` of the data folder."""
    path = Path(data.folder) / SCALE_FILE
    if not path.exists():
        return {}
    figures = load_figures(path, data.sources, "scale")  # checked: every journey has both figures
    return {key.split(".", 1)[0]: (fig, figures[key.replace(".cases_per_year", ".per_customer_per_year")])
            for key, fig in figures.items() if key.endswith(".cases_per_year")}


def national_savings(journey_id: str, per_case: dict[str, tuple[str, float]],
                     scale: dict[str, tuple[Figure, Figure]]) -> NationalSavings | None:
    """Scale per-case savings ``{what: (unit, saving per case)}``; ``None`` when the journey has no scale figures.

    Times are given in hours here (per case, per customer a year, national a year).
    """
    if journey_id not in scale:
        return None
    cases, per_customer = scale[journey_id]
    savings = tuple(
        Saving(what, unit, value, value * per_customer.value, value * cases.value)
        for what, (unit, value) in per_case.items()
    )
    return NationalSavings(journey_id, cases, per_customer, savings)
