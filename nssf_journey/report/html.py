"""The report as self-contained HTML pages, laid out by Jinja2 templates with autoescaping.

``templates/report.html.j2`` is the main page (decision page first, then the journeys and the analyses) and
``templates/appendix.html.j2`` the appendix (every step, every number and its source, how the numbers are made);
``templates/style.css`` is their stylesheet, screen and print. The templates are the one place where the pages'
structure is read and changed. Every value is escaped by Jinja2's autoescaping, so no text from a journey or a
source can become markup; the only markup that goes in unescaped is the SVG of the pictures, which the toolkit
draws itself (its texts are escaped when drawn) and :func:`~nssf_journey.render.svg.inline_svg` prepares.

Everything is inside each file: CSS in a ``<style>`` element, pictures as inline SVG (ids prefixed per figure so
drawings do not clash), no script, no font, image, stylesheet or link that would load anything.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..render.style import human_time
from ..render.svg import inline_svg
from ..model import EVIDENCE_LEVELS
from .cells import big_number, display_column, format_cell, is_numeric, table_time_unit
from .document import Figure, Report, Table

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

#: The appendix page, beside ``index.html``.
APPENDIX = "appendix.html"


@lru_cache(maxsize=1)
def environment() -> "jinja2.Environment":
    """The Jinja2 environment of the report's templates: autoescaping on for every template."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("nssf_journey.report", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.globals.update(APPENDIX=APPENDIX)
    env.filters.update(time=human_time, pct=_pct)
    return env


def prose(text: str) -> str:
    """Text from a journey as prose: Markdown code marks (backticks) dropped.

    >>> prose("the `resources` below")
    'the resources below'
    """
    return re.sub(r"`([^`]*)`", r"\1", text)


def plain_title(title: str) -> str:
    """A journey title without the modeller's "(as-is)" mark: ``'Monthly contribution payment'``."""
    return title[: -len(" (as-is)")] if title.endswith(" (as-is)") else title


def _pct(x: float) -> str:
    v = 100 * x
    return f"{v:.0f} %" if v >= 10 or v == 0 else f"{v:.1f} %"


def figure_svg_markup(f: Figure) -> Any:
    """The figure's SVG, fit for inlining (trusted markup the toolkit drew)."""
    from markupsafe import Markup

    return Markup(inline_svg(f.svg or "", prefix=f"{f.id}-", min_scale=f.min_scale))


def table_view(t: Table, money: str = "US$", per_usd: float = 1.0, currency: str = "USD") -> dict[str, Any]:
    """A table as the templates lay it out: headings and formatted cells, times in one unit for the table."""
    unit = table_time_unit(t.columns, t.rows)
    head = [display_column(c, unit, currency) for c in t.columns]
    rows = []
    for row in t.rows:
        cells = []
        for c, v in zip(t.columns, row):
            value = v * per_usd if c.endswith("(USD)") and is_numeric(v) else v
            text = format_cell(c, value, unit, money)
            evidence = text if c == "evidence" and text in EVIDENCE_LEVELS else None  # drawn like diagram borders
            cells.append({"text": text, "numeric": is_numeric(v), "long": len(text) > 40, "evidence": evidence})
        rows.append(cells)
    return {"id": t.id, "title": t.title, "note": t.note, "head": head, "rows": rows}


def _context(report: Report) -> dict[str, Any]:
    from ..i18n import in_language
    from ..words import report_label

    inst = report.institution
    lang = report.lang

    def t(key: str) -> str:
        return report_label(key, lang)

    def loc(text: object) -> str:
        return in_language(text if isinstance(text, str) else str(text), lang)

    def table(tb: Table) -> dict[str, Any]:
        return table_view(tb, inst.currency_symbol, inst.per_usd, inst.currency_code)

    def national_time(card) -> str:
        minutes = card.national(card.saved_minutes) or 0.0
        days = minutes / 1440.0
        return f"{big_number(days)} days of customers' time" if days >= 1 else f"{human_time(minutes)} of customers' time"

    return {"report": report, "inst": inst, "lang": lang, "t": t, "loc": loc, "table": table,
            "svg": figure_svg_markup, "money": inst.money, "big": big_number, "national_time": national_time,
            "plain_title": plain_title, "prose": prose,
            "generated": report.generated.strftime("%Y-%m-%d %H:%M %Z").strip()}


def render_html(report: Report) -> str:
    """The main page of the report (``index.html``)."""
    return environment().get_template("report.html.j2").render(**_context(report))


def render_appendix(report: Report) -> str:
    """The appendix page (``appendix.html``): every step, every number and its source, and the method."""
    return environment().get_template("appendix.html.j2").render(**_context(report))
