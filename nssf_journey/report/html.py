"""The report as one self-contained HTML page.

Everything is inside the file: CSS in a ``<style>`` element, pictures as inline SVG (ids prefixed per figure so
drawings do not clash), no script, no font, image, stylesheet or link that would load anything. Every text
from a journey or a source is escaped with :func:`html.escape`. The layout is one column that fits a phone:
pictures scale with their ``viewBox``, wide diagrams and tables scroll sideways inside their own box.
"""

from __future__ import annotations

from html import escape

from ..render.svg import inline_svg
from .cells import display_column, format_cell, is_numeric
from .document import ExtraSection, Figure, JourneySection, Report, Table

CSS = """
:root{--ink:#1d1d1f;--muted:#5a5a5a;--line:#d9d9d9;--accent:#08519c;--bg:#ffffff;--soft:#f4f7fb}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
 font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
main,header,nav,footer{max-width:1100px;margin:0 auto;padding:0 16px}
header{padding-top:20px}
h1{font-size:1.6rem;line-height:1.25;margin:.2em 0}
h2{font-size:1.35rem;margin:1.6em 0 .4em;padding-top:.6em;border-top:3px solid var(--accent)}
h3{font-size:1.08rem;margin:1.3em 0 .3em}
p{margin:.5em 0}
.meta{color:var(--muted);font-size:.9rem}
nav ol{padding-left:1.2em;columns:2 16em;margin:.4em 0}
nav a,main a{color:var(--accent)}
section{margin-bottom:1.5em}
.lead{font-size:1.05rem}
.callout{background:var(--soft);border-left:4px solid var(--accent);padding:10px 14px;margin:12px 0}
.callout h3{margin-top:.2em}
.callout ol{margin:.3em 0;padding-left:1.3em}
.sure{border-left-color:#d55e00;background:#fff6f0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:12px 0;
 padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:8px;padding:8px 10px;background:#fff}
.cards .v{display:block;font-size:1.3rem;font-weight:700;line-height:1.2}
.cards .l{display:block;font-size:.82rem;color:var(--muted)}
.cards .d{display:block;font-size:.78rem;color:var(--muted)}
figure{margin:14px 0}
figure .pic{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px;
 padding:4px;background:#fff}
figure svg{display:block;max-width:100%}
figcaption{font-size:.85rem;color:var(--muted);margin-top:4px}
.side{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),1fr));gap:12px}
.side figure{margin:6px 0;min-width:0}
.missing{border:1px dashed #b0b0b0;border-radius:6px;padding:10px 12px;color:#444;background:#fafafa}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:8px 0}
table{border-collapse:collapse;font-size:.86rem;min-width:100%}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.note{font-size:.82rem;color:var(--muted)}
.pains{padding-left:1.3em}
.pains li{margin:.15em 0}
footer{color:var(--muted);font-size:.82rem;padding-bottom:30px}
@media (max-width:600px){body{font-size:15px}h1{font-size:1.35rem}h2{font-size:1.15rem}
 .cards{grid-template-columns:repeat(2,1fr)}th,td{min-width:7em}td.n{min-width:0}td.t{min-width:15em}}
@media print{nav{display:none}figure .pic{overflow:visible}}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def render_html(report: Report) -> str:
    """The report as an HTML document (a string)."""
    parts: list[str] = []
    w = parts.append
    w("<!DOCTYPE html>")
    w('<html lang="en"><head><meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "img-src data:\">")
    w(f"<title>{_e(report.title)}</title>")
    w(f"<style>{CSS}</style></head><body>")
    w('<header id="top">')
    w(f"<h1>{_e(report.title)}</h1>")
    w(f'<p class="meta">Generated {_e(report.generated.strftime("%Y-%m-%d %H:%M %Z").strip())} by nssf-journey '
      f"\u00b7 {len(report.journeys)} journeys \u00b7 times are elapsed time per case; money in US dollars</p>")
    w("</header>")
    w(_nav(report))
    w("<main>")
    w(_summary(report))
    for section in report.journeys:
        w(_journey(section))
    for extra in report.extra_sections:
        w(_extra(extra))
    w(_assumptions(report))
    w(_about(report))
    w("</main>")
    w('<footer><p><a href="#top">Back to the top</a></p></footer>')
    w("</body></html>")
    return "\n".join(parts) + "\n"


def _nav(report: Report) -> str:
    items = ['<li><a href="#summary">Executive summary</a></li>']
    items += [f'<li><a href="#{_e(s.anchor)}">{_e(s.journey.title)}</a></li>' for s in report.journeys]
    items += [f'<li><a href="#extra-{_e(x.id)}">{_e(x.title)}</a></li>' for x in report.extra_sections]
    items += ['<li><a href="#assumptions">Assumptions and sources</a></li>',
              '<li><a href="#about">How to read this report</a></li>']
    return f'<nav aria-label="Contents"><ol>{"".join(items)}</ol></nav>'


def _summary(report: Report) -> str:
    out = ['<section id="summary">', "<h2>Executive summary</h2>"]
    for i, p in enumerate(report.summary):
        cls = ' class="lead"' if i == 0 else ""
        out.append(f"<p{cls}>{_e(p)}</p>")
    if report.fix_first:
        out.append('<div class="callout" id="fix-first"><h3>What to fix first</h3><ol>')
        out += [f"<li>{_e(x)}</li>" for x in report.fix_first]
        out.append("</ol></div>")
    if report.confidence:
        out.append('<div class="callout sure" id="how-sure"><h3>How sure we are</h3>')
        out += [f"<p>{_e(x)}</p>" for x in report.confidence]
        out.append("</div>")
    for t in report.summary_tables[:1]:
        out.append(_table(t))
    for f in report.summary_figures:
        out.append(_figure(f))
    for t in report.summary_tables[1:]:
        out.append(_table(t))
    out.append("</section>")
    return "\n".join(out)


def _journey(s: JourneySection) -> str:
    j = s.journey
    out = [f'<section id="{_e(s.anchor)}" class="journey">', f"<h2>{_e(j.title)}</h2>"]
    who = f"Persona: {s.persona_name or j.persona}. " if (s.persona_name or j.persona) else ""
    out.append(f'<p class="meta">{_e(who)}Journey <code>{_e(j.id)}</code>'
               + (f" from <code>{_e(j.file)}</code>" if j.file else "") + "</p>")
    if j.description:
        out.append(f"<p>{_e(j.description)}</p>")
    out.append('<ul class="cards">' + "".join(
        f'<li><span class="l">{_e(k.label)}</span><span class="v">{_e(k.value)}</span>'
        + (f'<span class="d">{_e(k.detail)}</span>' if k.detail else "") + "</li>" for k in s.key_figures) + "</ul>")
    for f in s.figures:
        out.append(_figure(f))
        if f.id.endswith("-journey-map") and s.pain_points:
            out.append("<h3>Pain points</h3><ol class=\"pains\">" + "".join(
                f"<li><strong>{_e(step)}</strong>: {_e(p)}</li>" for step, p in s.pain_points) + "</ol>")
    for t in s.tables:
        out.append(_table(t))
    ev = s.evidence_counts
    total = sum(ev.values())
    if total:
        out.append(f'<p class="note">Numbers of this journey: {ev["measured"]} measured, {ev["reported"]} reported, '
                   f'{ev["assumed"]} assumed.</p>')
    out.append("</section>")
    return "\n".join(out)


def _extra(x: ExtraSection) -> str:
    out = [f'<section id="extra-{_e(x.id)}" class="extra">', f"<h2>{_e(x.title)}</h2>"]
    out += [f"<p>{_e(p)}</p>" for p in x.paragraphs]
    out += _figures_side_by_side(x.figures)
    out += [_table(t) for t in x.tables]
    out.append("</section>")
    return "\n".join(out)


def _figures_side_by_side(figures: tuple[Figure, ...]) -> list[str]:
    """Wide figures on their own; runs of narrower ones side by side on a wide screen, stacked on a phone."""
    out: list[str] = []
    run: list[Figure] = []
    for f in (*figures, None):
        if f is not None and not f.wide:
            run.append(f)
            continue
        if len(run) > 1:
            out.append('<div class="side">' + "".join(_figure(r) for r in run) + "</div>")
        else:
            out += [_figure(r) for r in run]
        run = []
        if f is not None:
            out.append(_figure(f))
    return out


def _assumptions(report: Report) -> str:
    out = ['<section id="assumptions">', "<h2>Assumptions and sources</h2>",
           "<p>Every number in a journey names where it comes from: <strong>measured</strong> (a time study or "
           "case records), <strong>reported</strong> (an official page, a study, a newspaper) or "
           "<strong>assumed</strong> (a modeller's estimate, with the reason). Conclusions that rest on assumed "
           "numbers are hypotheses to check, not findings.</p>"]
    out += [_table(t) for t in report.assumption_tables]
    out.append("</section>")
    return "\n".join(out)


def _about(report: Report) -> str:
    out = ['<section id="about">', "<h2>How to read this report</h2>"]
    out += [f"<p>{_e(n)}</p>" for n in report.notes]
    out.append("<p>The tables of this report are also in <code>tables/</code> as CSV and JSON, its pictures in "
               "<code>img/</code>, and the whole text in <code>report.md</code>.</p>")
    out.append("</section>")
    return "\n".join(out)


def _figure(f: Figure) -> str:
    cls = "wide" if f.wide else ""
    out = [f'<figure id="fig-{_e(f.id)}"' + (f' class="{cls}"' if cls else "") + ">", f"<h3>{_e(f.title)}</h3>"]
    if f.svg is None:
        out.append(f'<p class="missing">{_e(f.note)}</p>')
    else:
        out.append(f'<div class="pic" role="img" aria-label="{_e(f.title)}">'
                   f"{inline_svg(f.svg, prefix=f'{f.id}-', min_scale=f.min_scale)}</div>")
        if f.caption:
            out.append(f"<figcaption>{_e(f.caption)}</figcaption>")
    out.append("</figure>")
    return "\n".join(out)


def _table(t: Table) -> str:
    if not t.rows:
        return (f'<h3 id="table-{_e(t.id)}">{_e(t.title)}</h3><p class="note">None.</p>')
    head = "".join(f'<th scope="col">{_e(display_column(c))}</th>' for c in t.columns)
    body = []
    for row in t.rows:
        cells = "".join(_cell(c, v) for c, v in zip(t.columns, row))
        body.append(f"<tr>{cells}</tr>")
    note = f'<p class="note">{_e(t.note)}</p>' if t.note else ""
    return (f'<div class="table-wrap" id="table-{_e(t.id)}"><table><caption>{_e(t.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note}")


def _cell(column: str, value: object) -> str:
    text = format_cell(column, value)
    if is_numeric(value):
        return f'<td class="n">{_e(text)}</td>'
    return f'<td class="t">{_e(text)}</td>' if len(text) > 40 else f"<td>{_e(text)}</td>"
