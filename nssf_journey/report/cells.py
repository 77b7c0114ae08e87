"""How a table cell reads in HTML and Markdown; CSV and JSON keep the raw value.

Column names carry their unit, so raw values stay exact for analysts and are formatted for people by one rule:
``(min)`` columns read as human times, ``share`` columns as percentages, ``(USD)`` columns as dollars.
"""

from __future__ import annotations

import math
from typing import Any

from ..render.style import human_time


def format_cell(column: str, value: Any) -> str:
    """The cell as a person reads it.

    >>> format_cell("time per case (min)", 2160), format_cell("success (share)", 0.5)
    ('1.5 days', '50 %')
    >>> format_cell("money per case (USD)", 4.5), format_cell("in person", True), format_cell("x", None)
    ('US$ 4.50', 'yes', '\u2014')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "\u2014"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if column.endswith("(min)"):
            return human_time(value)
        if "share" in column:
            v = 100 * value
            return f"{v:.0f} %" if v >= 10 or v == 0 else f"{v:.1f} %"
        if column.endswith("(USD)"):
            return f"US$ {value:,.2f}"
        if isinstance(value, float):
            return f"{value:,.2f}"
        return str(value)
    return str(value)


def is_numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def display_column(column: str) -> str:
    """A column name for people: the unit marker that the formatted cells make obvious is dropped.

    >>> display_column("time per case (min)"), display_column("success (share)"), display_column("money (USD)")
    ('time per case', 'success', 'money (USD)')
    """
    for suffix in (" (min)", " (share)"):
        if column.endswith(suffix):
            return column[: -len(suffix)]
    return column
