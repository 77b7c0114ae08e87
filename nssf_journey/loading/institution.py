"""Who the journeys are of: the institution's name, its currency, and what it calls the people it serves.

A small settings file of the data folder, ``institution.yaml``, described by ``INSTITUTION`` in
:mod:`.data_format` and read like every data file (:func:`.data.read_data`: every problem with its line and
column, all in one pass). The bundled ``data/`` names Cambodia's National Social Security Fund; another
institution's data folder names its own, and a report made without any settings says "the institution", never a
name it was not given.

Money inside the library is in US dollars (:mod:`nssf_journey.units`); ``currency`` says how the reports show it:
a code and symbol, and how many units of it make one US dollar (1 for the dollar), with the source of that rate.

>>> from nssf_journey.loading.institution import GENERIC
>>> GENERIC.short_name, GENERIC.money(1234.5), GENERIC.money(1234.6, decimals=0)
('the institution', 'US$ 1,234.50', 'US$ 1,235')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..i18n import LocalText, in_language
from .data import raise_errors, read_data
from .data_format import DATA_FILES, INSTITUTION

INSTITUTION_FILE = DATA_FILES["institution"].file


@dataclass(frozen=True)
class Institution:
    """The institution whose journeys a report is about. Texts may carry translations (:class:`LocalText`)."""

    name: str
    short_name: str
    country: str = ""
    served: str = "customers"
    currency_code: str = "USD"
    currency_symbol: str = "US$"
    per_usd: float = 1.0
    currency_source: str = "the toolkit counts money in US dollars"
    #: False for the neutral settings used when a data folder names no institution.
    named: bool = True

    def money(self, usd: float, *, decimals: int = 2) -> str:
        """An amount of US dollars in the institution's currency: ``'US$ 4.45'``, ``'៛ 18,245'``."""
        value = usd * self.per_usd
        return f"{self.currency_symbol} {value:,.{decimals}f}"

    def text(self, field: str, lang: str = "en") -> str:
        """A text setting in ``lang`` (English when it has no translation)."""
        return in_language(getattr(self, field), lang)

    def to_dict(self) -> dict[str, Any]:
        return {"name": str(self.name), "short_name": str(self.short_name), "country": str(self.country),
                "served": str(self.served), "currency": {"code": self.currency_code, "symbol": self.currency_symbol,
                                                         "per_usd": self.per_usd, "source": self.currency_source},
                "named": self.named}


#: The settings of a report whose data folder names no institution: no name is assumed.
GENERIC = Institution(name="the institution", short_name="the institution", named=False)


def load_institution(folder: str | os.PathLike[str] | None,
                     known_sources: Iterable[str] | None = None) -> Institution:
    """The settings in ``folder/institution.yaml``; :data:`GENERIC` when there is no folder or no such file.

    Raises :class:`~.problems.JourneyError` with every problem of a file that is there but not valid; with
    ``known_sources`` (the ids of ``sources.yaml``), a currency source naming another id is one.
    """
    if folder is None:
        return GENERIC
    path = Path(folder) / INSTITUTION_FILE
    if not path.exists():
        return GENERIC
    data = raise_errors(*read_data(path, DATA_FILES["institution"], known_sources))
    cur = data.get("currency") or {}
    return Institution(
        name=data["name"], short_name=data["short_name"], country=data.get("country") or "",
        served=data.get("served") or LocalText("customers"),
        currency_code=cur.get("code", "USD"), currency_symbol=cur.get("symbol", "US$"),
        per_usd=cur.get("per_usd", 1.0), currency_source=cur.get("source", GENERIC.currency_source),
    )


__all__ = ["GENERIC", "INSTITUTION", "INSTITUTION_FILE", "Institution", "load_institution"]
