"""HTML of a staff guide: the case clock, the counter checklist, why cases come back, what to say, escalation.

Printed, a staff guide takes at most two A4 pages. Lines that rest on an assumption carry a short "proposed"
mark. On the English page the script and checklist also show the Khmer a clerk says at the counter.
"""

from __future__ import annotations

from .. import words as w
from .html import STYLESHEET, e, footer, head, help_box, leaflet_head, linked, other_lang, section, top
from .staff_page import Line, StaffPage


def _line(x: Line, lang: str, hot: str, *, both: bool = False) -> str:
    text = linked(x.text, hot)
    if both and x.other and lang == "en":
        text += f'<br><span lang="km">{linked(x.other, hot)}</span>'
    if x.extra:
        text += f'<br><b>{e(w.label("escalate_to", lang))}</b> {linked(x.extra, hot)}'
    if x.assumed:
        text += f' <span class="proposed">({e(w.label("proposed", lang))})</span>'
    return f"<li>{text}</li>"


def render_staff_page(page: StaffPage, *, css_href: str = "../../" + STYLESHEET, home_href: str = "../index.html",
                      other_href: str = "") -> str:
    """The HTML of one staff guide."""
    lang, hot = page.lang, page.hotline
    html = head(lang, f"{page.title} | {w.label('pack_title', lang)}", css_href, "staff")
    html += top(lang, home_href, other_href or f"../../{other_lang(lang)}/staff/{page.file_name}",
                (w.label("audience_staff", lang), "index.html"))
    html.append("<main>")
    html.append('<div class="head">')
    html += leaflet_head(page, lang)
    if page.institution:
        html.append(f'<p class="brandline paper">{e(page.institution)}</p>')
    html.append(f"<h1>{e(page.title)}</h1>")
    html.append(f'<p class="summary">{e(w.label("staff_intro", lang))}</p>')
    if page.customer_links:
        links = ", ".join(f'<a href="{e(href)}">{e(label)}</a>' for label, href in page.customer_links)
        html.append(f'<p class="small screen">{e(w.label("customer_reads", lang))} {links}</p>')
    html.append("</div>")
    clock = [f'<p class="chance">{e(page.clock_total)}</p>']
    if page.clock_rows:
        clock.append("<table><thead><tr>" + "".join(
            f"<th>{e(w.label(k, lang))}</th>" for k in ("clock_step", "clock_who", "clock_usual", "clock_act"))
            + "</tr></thead><tbody>")
        for r in page.clock_rows:
            cls = ' class="back"' if r.backstage else ""
            clock.append(f"<tr{cls}><td>{e(r.number)}. {e(r.step)}</td><td>{e(r.who)}</td><td>{e(r.usual)}</td>"
                         f"<td>{e(r.act_after)}</td></tr>")
        clock.append("</tbody></table>")
    if page.clock_lived:
        clock.append(f'<p class="small">{e(page.clock_lived)}</p>')
    html += section(w.label("clock", lang), clock, "key")
    none = [f'<p class="small">{e(w.label("no_staff_data", lang))}</p>']
    html += section(w.label("checklist", lang),
                    ["<ol>", *(_line(x, lang, hot, both=True) for x in page.checklist), "</ol>"]
                    if page.checklist else none)
    groups = []
    for g in page.returns:
        groups.append('<div class="box bad">')
        groups.append(f"<h3>{e(g.title)}</h3>")
        groups.append(f'<p class="how-often">{e(g.chance)}</p>')
        if g.reasons:
            groups.append("<ul>" + "".join(_line(x, lang, hot) for x in g.reasons) + "</ul>")
        groups.append("</div>")
    html += section(w.label("returns", lang), groups)
    html += section(w.label("script", lang),
                    ['<ul class="script">', *(_line(x, lang, hot, both=True) for x in page.script), "</ul>"]
                    if page.script else none)
    html += section(w.label("escalate", lang),
                    ["<ul>", *(_line(x, lang, hot) for x in page.escalate), "</ul>"] if page.escalate else none)
    html += help_box(lang, hot)
    html += footer(page, lang, notes=[page.model_note], print_hint="print_hint_staff",
                   cited=page.model_method)
    html += ["</main>", "</body>", "</html>", ""]
    return "\n".join(html)
