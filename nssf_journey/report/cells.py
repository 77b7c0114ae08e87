"""How a table cell reads in HTML and Markdown; CSV and JSON keep the raw value.

Column names carry their unit, so raw values stay exact for analysts and are formatted for people by one rule:
``(min)`` columns read in **one unit per table** (:func:`time_unit`: days, hours or minutes, named in the column
heading), ``share`` columns as percentages, ``(USD)`` columns as money, and large counts with separators or
in millions.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from ..units import MINUTES_PER

#: Time units a table may be shown in, largest first, and the value from which each is chosen (minutes).
_TABLE_UNITS: tuple[tuple[str, float], ...] = (("days", 2 * 1440.0), ("hours", 120.0), ("minutes", 0.0))


def time_unit(minutes: Iterable[float | None]) -> str:
    """The one unit a table shows its times in: days when its largest time is 2 days or more, hours from 2 hours,
    else minutes.

    >>> time_unit([30, 200]), time_unit([30, 5000, None]), time_unit([])
    ('hours', 'days', 'minutes')
    """
    values = [abs(float(v)) for v in minutes if is_numeric(v) and math.isfinite(float(v))]
    top = max(values, default=0.0)
    return next(unit for unit, threshold in _TABLE_UNITS if top >= threshold)


def table_time_unit(columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> str:
    """:func:`time_unit` of every ``(min)`` column of a table."""
    idx = [i for i, c in enumerate(columns) if c.endswith("(min)")]
    return time_unit(row[i] for row in rows for i in idx)


def big_number(value: float) -> str:
    """A count people read at a glance: ``'766,240'``, ``'2.2 million'``; decimals only below 100.

    >>> big_number(766240.4), big_number(53421259), big_number(12.345), big_number(-1500)
    ('766,240', '53.4 million', '12.35', '-1,500')
    """
    a = abs(value)
    if a >= 1e9:
        return f"{value / 1e9:,.1f} billion"
    if a >= 1e7:
        return f"{value / 1e6:,.1f} million"
    if a >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def format_cell(column: str, value: Any, unit: str = "minutes", money: str = "US$") -> str:
    """The cell as a person reads it; times of ``(min)`` columns in ``unit``.

    >>> format_cell("time per case (min)", 2160, "days"), format_cell("success (share)", 0.5)
    ('1.5', '50 %')
    >>> format_cell("money per case (USD)", 4.5), format_cell("in person", True), format_cell("x", None)
    ('US$ 4.50', 'yes', '\u2014')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "\u2014"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if column.endswith("(min)"):
            x = value / MINUTES_PER[unit]
            return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.1f}" if abs(x) >= 1 or x == 0 else f"{x:.2f}"
        if "share" in column:
            v = 100 * value
            return f"{v:.0f} %" if v >= 10 or v == 0 else f"{v:.1f} %"
        if column.endswith("(USD)"):
            return f"{money} {value:,.0f}" if abs(value) >= 10_000 else f"{money} {value:,.2f}"
        return big_number(value)
    return str(value)


def is_numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def display_column(column: str, unit: str = "minutes", currency: str = "USD") -> str:
    """A column name for people: ``(min)`` becomes the table's unit, the share marker is dropped.

    >>> display_column("time per case (min)", "days"), display_column("success (share)"), display_column("money (USD)")
    ('time per case (days)', 'success', 'money (USD)')
    """
    if column.endswith(" (min)"):
        return column[: -len(" (min)")] + f" ({unit})"
    if column.endswith(" (share)"):
        return column[: -len(" (share)")]
    if column.endswith(" (USD)") and currency != "USD":
        return column[: -len(" (USD)")] + f" ({currency})"
    return column
