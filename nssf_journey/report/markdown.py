"""The report as Markdown, for analysts and for reading in a repository or a text editor.

The same content as the HTML page; pictures are linked from ``img/``. Text from journeys is escaped so that
no Markdown renderer turns it into HTML or breaks a table: ``& < >`` become entities and ``|`` is escaped.
"""

from __future__ import annotations

from ..render.style import human_time
from .cells import display_column, format_cell, table_time_unit
from .document import ExtraSection, Figure, JourneySection, Report, Table


def md_text(text: object) -> str:
    """Plain text made inert for Markdown.

    >>> md_text('<img src=x onerror=alert(1)> | *x*')
    '&lt;img src=x onerror=alert(1)&gt; \\\\| \\\\*x\\\\*'
    """
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|":
        s = s.replace(ch, "\\" + ch)
    return s


def render_markdown(report: Report) -> str:
    out: list[str] = [f"# {md_text(report.title)}", "",
                      f"Generated {report.generated.strftime('%Y-%m-%d %H:%M %Z').strip()} by nssf-journey. "
                      f"Times are elapsed time per case; money in {report.institution.currency_code}.", ""]
    out += ["## What to change first", ""]
    if report.fix_first:
        out += [f"{i}. {md_text(x)}" for i, x in enumerate(report.fix_first, start=1)]
        out.append("")
    if report.life_waits:
        out += ["Set by life, not ranked: " + "; ".join(
            md_text(f"{w.step_name} ({w.journey_title}): {human_time(w.minutes_per_case)} per case")
            for w in report.life_waits) + ".", ""]
    out += ["## Summary", ""]
    for p in report.summary:
        out += [md_text(p), ""]
    if report.confidence:
        out += ["### How sure we are", ""]
        for p in report.confidence:
            out += [md_text(p), ""]
    for t in report.summary_tables[:1]:
        out += _table(t)
    for f in report.summary_figures:
        out += _figure(f)
    for t in report.summary_tables[1:]:
        out += _table(t)
    for s in report.journeys:
        out += _journey(s)
    for x in report.extra_sections:
        out += _extra(x)
    out += ["## Assumptions and sources", ""]
    for t in report.assumption_tables:
        out += _table(t)
    if report.glossary:
        out += ["## Words used in this report", ""]
        out += [f"- **{md_text(term)}**: {md_text(meaning)}" for term, meaning in report.glossary]
        out.append("")
    out += ["## How the numbers are made", ""]
    for n in report.notes:
        out += [md_text(n), ""]
    return "\n".join(out).rstrip() + "\n"


def _journey(s: JourneySection) -> list[str]:
    j = s.journey
    out = [f"## {md_text(j.title)}", ""]
    if s.persona_name or j.persona:
        out += [f"Persona: {md_text(s.persona_name or j.persona)}. Journey `{j.id}`.", ""]
    if j.description:
        out += [md_text(j.description), ""]
    out += [f"- **{md_text(k.label)}**: {md_text(k.value)}" + (f" ({md_text(k.detail)})" if k.detail else "")
            for k in s.key_figures]
    out.append("")
    for f in (*s.figures, *s.appendix_figures):
        out += _figure(f)
    if s.pain_points:
        out += ["### Pain points", ""]
        out += [f"{i}. **{md_text(step)}**: {md_text(p)}" for i, (step, p) in enumerate(s.pain_points, start=1)]
        out.append("")
    for t in (*s.tables, *s.appendix_tables):
        out += _table(t)
    return out


def _extra(x: ExtraSection) -> list[str]:
    out = [f"## {md_text(x.title)}", ""]
    for p in x.paragraphs:
        out += [md_text(p), ""]
    for f in (*x.figures, *x.appendix_figures):
        out += _figure(f)
    for t in x.tables:
        out += _table(t)
    return out


def _figure(f: Figure) -> list[str]:
    out = [f"### {md_text(f.title)}", ""]
    if f.svg is None:
        out += [f"> {md_text(f.note)}", ""]
    else:
        out += [f"![{md_text(f.title)}](img/{f.id}.svg)", ""]
        if f.caption:
            out += [f"*{md_text(f.caption)}*", ""]
    return out


def _table(t: Table) -> list[str]:
    out = [f"### {md_text(t.title)}", ""]
    if not t.rows:
        return out + ["None.", ""]
    unit = table_time_unit(t.columns, t.rows)
    out.append("| " + " | ".join(md_text(display_column(c, unit)) for c in t.columns) + " |")
    out.append("|" + "|".join("---" for _ in t.columns) + "|")
    for row in t.rows:
        out.append("| " + " | ".join(md_text(format_cell(c, v, unit)) for c, v in zip(t.columns, row)) + " |")
    out.append("")
    if t.note:
        out += [md_text(t.note), ""]
    out.append(f"Data: `tables/{t.id}.csv`, `tables/{t.id}.json`.")
    out.append("")
    return out
