"""HTML of the Digital Info Pack: small, offline, phone-first pages with no JavaScript.

Every text is escaped with :func:`html.escape`; pages link only to each other and to one shared stylesheet,
never to anything on the network. Khmer pages carry ``lang="km"`` and a Khmer font stack; a print stylesheet
turns each journey page into an A4 leaflet.
"""

from __future__ import annotations

from html import escape
from typing import Iterable, Sequence

from . import words as w
from .page import AUDIENCES, Item, Page, StepView

STYLESHEET = "style.css"

CSS = """\
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f4f6f8;color:#17202a;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",\
"Noto Sans Khmer","Khmer OS System","Khmer OS",sans-serif;overflow-wrap:anywhere;word-break:normal}
html[lang=km] body{font-family:"Noto Sans Khmer","Khmer OS System","Khmer OS","Khmer OS Content",sans-serif;line-height:1.8}
a{color:#0b4f8a}
header.top{background:#0b4f8a;color:#fff;padding:.6rem 1rem}
header.top a{color:#fff}
header.top .brand{font-weight:700;display:block}
nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.95rem}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.3;margin:.2rem 0 .5rem}
h2{font-size:1.2rem;margin:1.6rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #d5dde5}
h3{font-size:1.05rem;margin:0 0 .3rem}
p{margin:.4rem 0}
ul,ol{padding-left:1.3rem;margin:.3rem 0}
.summary{font-size:1.1rem}
.draft{background:#fff4ce;border-left:4px solid #e0a800;padding:.5rem .75rem;margin:.5rem 0}
.box{background:#fff;border:1px solid #d5dde5;border-radius:.5rem;padding:.6rem .75rem;margin:.5rem 0}
.box>:first-child,.step>:first-child{margin-top:0}.box>:last-child,.step>:last-child{margin-bottom:0}
.steps{list-style:none;padding:0;margin:0;counter-reset:step}
.step{background:#fff;border:1px solid #d5dde5;border-left:6px solid #0b4f8a;border-radius:.5rem;
padding:.7rem .8rem;margin:.6rem 0;break-inside:avoid;page-break-inside:avoid}
.step.k-employer,.step.k-worker{border-left-color:#b35900}
.step.k-partner{border-left-color:#2e7d32}
.step.k-nssf{border-left-color:#6a1b9a}
.step.k-backstage{border-left-color:#8a97a5;background:#eef1f4}
.step.compact{padding:.45rem .8rem}
.num{font-weight:700;color:#0b4f8a}
.meta{display:flex;flex-wrap:wrap;gap:.1rem 1rem;font-size:.92rem;color:#3d4b59;margin:.1rem 0 .3rem}
.meta b{color:#17202a}
.note{font-size:.9rem;color:#8a4b00;font-weight:600}
.tip{background:#eaf6ec;border-radius:.35rem;padding:.3rem .5rem;margin:.3rem 0}
.bad{border-left:6px solid #b71c1c}
.outcomes{list-style:none;padding:0}
.outcomes li{display:flex;justify-content:space-between;gap:1rem;border-bottom:1px solid #e3e8ee;padding:.3rem 0}
.outcomes .share{white-space:nowrap;font-weight:700}
.outcomes .ok .share{color:#1b5e20}.outcomes .fail .share{color:#b71c1c}
.help{background:#0b4f8a;color:#fff;border-radius:.5rem;padding:.75rem;margin:1.2rem 0}
.help h2{border:0;margin:0 0 .3rem;color:#fff}
.small{font-size:.85rem;color:#4a5866}
.cards{list-style:none;padding:0}
.cards li{background:#fff;border:1px solid #d5dde5;border-radius:.5rem;padding:.7rem .8rem;margin:.5rem 0}
.cards a{font-weight:700;font-size:1.05rem}
footer{max-width:46rem;margin:0 auto;padding:0 0 2rem}
.home section+section{margin-top:2.5rem;padding-top:1rem;border-top:2px solid #d5dde5}
@media (min-width:48rem){main{padding:1.5rem 2rem}h1{font-size:1.9rem}}
@media print{
@page{size:A4;margin:8mm 9mm}
html{font-size:8pt}
body{background:#fff;line-height:1.3}
.meta{font-size:.95rem;gap:0 3mm}
.outcomes li{padding:.5mm 0}
.tip{padding:.5mm 1.5mm;margin:.8mm 0}
p{margin:.8mm 0}
ul,ol{margin:.5mm 0}
.print-hide{display:none}
html[lang=km] body{line-height:1.5}
header.top,nav,.noprint{display:none}
main,footer{max-width:none;padding:0;margin:0}
h1{font-size:14pt;margin:0 0 2mm}
h2{font-size:10pt;margin:2.2mm 0 1.2mm;break-after:avoid;page-break-after:avoid}
h3{font-size:9.5pt}
.summary{font-size:9.5pt}
main{columns:2;column-gap:6mm}
main>h1,main>.summary,main>.draft,main>.staff-note{column-span:all}
section{break-inside:auto}
.outcomes-section,.screen-only{display:none}
.step{margin:0 0 1.5mm;padding:1.2mm 2.2mm;border-width:.2mm;border-left-width:1.2mm}
.box,.cards li{padding:1.5mm 2.5mm;margin:1mm 0}
.help{background:#fff;color:#17202a;border:.4mm solid #0b4f8a;padding:2mm 3mm}
.help h2{color:#0b4f8a}
.screen-only{display:none}
a{color:inherit;text-decoration:none}
}
"""


def render_css() -> str:
    """The one stylesheet every page links to."""
    return CSS


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _head(lang: str, title: str, css_href: str) -> list[str]:
    return [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        f'<link rel="stylesheet" href="{_e(css_href)}">',
        "</head>",
        "<body>",
    ]


def _top(lang: str, audience: str | None, home_href: str, other_href: str) -> list[str]:
    return [
        '<header class="top">',
        f'<a class="brand" href="{_e(home_href)}">{_e(w.label("pack_title", lang))}</a>',
        "<nav>",
        *([f'<span>{_e(w.label("audience_" + audience, lang))}</span>'] if audience else []),
        f'<a href="{_e(other_href)}" lang="{"km" if lang == "en" else "en"}">{_e(w.label("other_language", lang))}</a>',
        "</nav>",
        "</header>",
    ]


def _items(items: Iterable[Item], css: str = "box") -> list[str]:
    out = []
    for it in items:
        out.append(f'<div class="{css}">')
        if it.text or it.tips:
            out.append(f"<h3>{_e(it.title)}</h3>")
            if it.text:
                out.append(f"<p>{_e(it.text)}</p>")
        else:
            out.append(f"<p>{_e(it.title)}</p>")
        for tip in it.tips:
            out.append(f'<p class="tip">{_e(tip)}</p>')
        if it.note:
            out.append(f'<p class="small">{_e(it.note)}</p>')
        out.append("</div>")
    return out


def _section(title: str, body: Sequence[str], css: str = "") -> list[str]:
    if not body:
        return []
    cls = f' class="{css}"' if css else ""
    return [f"<section{cls}>", f"<h2>{_e(title)}</h2>", *body, "</section>"]


def _step(v: StepView, number: int, lang: str) -> list[str]:
    classes = f"step k-{v.kind}" + (" compact" if v.compact else "")
    out = [f'<li class="{_e(classes)}" id="step-{_e(v.step)}">',
           f'<h3><span class="num">{_e(w.digits(str(number), lang))}.</span> {_e(v.name)}</h3>']
    meta = [f'<span><b>{_e(w.label("who", lang))}:</b> {_e(v.who)}</span>']
    if v.time:
        meta.append(f'<span><b>{_e(w.label("time", lang))}:</b> {_e(v.time)}</span>')
    if v.busy:
        meta.append(f'<span><b>{_e(w.label("busy", lang))}:</b> {_e(v.busy)}</span>')
    if v.cost:
        meta.append(f'<span><b>{_e(w.label("cost", lang))}:</b> {_e(v.cost)}</span>')
    out.append(f'<div class="meta">{"".join(meta)}</div>')
    if v.note:
        out.append(f'<p class="note">{_e(v.note)}</p>')
    if v.guide:
        out.append(f"<p>{_e(v.guide)}</p>")
    if v.where:
        out.append(f'<p><b>{_e(w.label("where", lang))}:</b> {_e(v.where)}</p>')
    if v.documents:
        out.append(f'<p><b>{_e(w.label("bring", lang))}:</b></p>')
        out.append("<ul>" + "".join(f"<li>{_e(d)}</li>" for d in v.documents) + "</ul>")
    for tip in v.tips:
        out.append(f'<p class="tip"><b>{_e(w.label("tip", lang))}:</b> {_e(tip)}</p>')
    out.append("</li>")
    return out


def render_page(page: Page, *, css_href: str = "../../" + STYLESHEET, home_href: str = "index.html",
                other_href: str = "") -> str:
    """The HTML of one journey page."""
    lang = page.lang
    html = _head(lang, f"{page.title} | {w.label('pack_title', lang)}", css_href)
    html += _top(lang, page.audience, home_href, other_href or f"../../{'km' if lang == 'en' else 'en'}/"
                 f"{page.audience}/{page.file_name}")
    html.append("<main>")
    if page.draft:
        html.append(f'<p class="draft" role="note">{_e(w.label("draft_km", lang))}'
                    + (f" {_e(w.label('fallback_note', lang))}" if page.fallbacks else "") + "</p>")
    html.append(f"<h1>{_e(page.title)}</h1>")
    if page.summary:
        html.append(f'<p class="summary">{_e(page.summary)}</p>')
    if page.audience == "staff":
        html.append(f'<p class="small staff-note">{_e(w.label("staff_note", lang))}</p>')
    top = []
    top += _section(w.label("who_for", lang), _items(page.eligibility))
    top += _section(w.label("what_you_get", lang), _items(page.benefits))
    top += _section(w.label("deadlines", lang), _items(page.deadlines, "box bad"))
    top += _section(w.label("how_long", lang), [f"<p>{_e(x)}</p>" for x in page.time_lines])
    html += top
    steps = []
    for i, v in enumerate(page.steps, start=1):
        steps += _step(v, i, lang)
    html += _section(w.label("steps", lang), ['<ol class="steps">', *steps, "</ol>"] if steps else [])
    html += _section(w.label("costs", lang), [f"<p>{_e(x)}</p>" for x in page.cost_lines])
    html += _section(w.label("goes_wrong", lang), _items(page.goes_wrong, "box bad"))
    if page.outcomes:
        rows = [f'<li class="{"fail" if o.failure else "ok"}"><span>{_e(o.title)}{(" — " + _e(o.text)) if o.text else ""}'
                f'</span><span class="share">{_e(o.note)}</span></li>' for o in page.outcomes]
        html += _section(w.label("outcomes", lang), ['<ul class="outcomes">', *rows, "</ul>"], "outcomes-section")
    html += _section(w.label("questions", lang), _items(page.questions))
    if page.hotline:
        html += ['<section class="help">', f"<h2>{_e(w.label('help', lang))}</h2>", f"<p>{_e(page.hotline)}</p>",
                 "</section>"]
    # The footer stays inside <main>, so that in print it flows into the leaflet's columns instead of starting a
    # new page below them.
    html.append("<footer>")
    html.append(f'<p class="small">{_e(page.model_note)}</p>')
    if page.sources:
        html.append(f'<p class="small"><b>{_e(w.label("sources", lang))}:</b> '
                    + "; ".join(_e(s) for s in page.sources) + "</p>")
    html.append(f'<p class="small screen-only">{_e(w.label("print_hint", lang))}</p>')
    html.append("</footer>")
    html.append("</main>")
    html += ["</body>", "</html>", ""]
    return "\n".join(html)


def render_index(lang: str, audience: str, entries: Sequence[tuple[str, str, str]], *, draft: bool,
                 sections: Sequence[tuple[str, Sequence[tuple[str, str, str]]]] = ()) -> str:
    """The index of one audience in one language: ``entries`` are ``(href, title, summary)``."""
    title = f"{w.label('audience_' + audience, lang)} | {w.label('pack_title', lang)}"
    html = _head(lang, title, "../../" + STYLESHEET)
    html += _top(lang, audience, "../../index.html", f"../../{'km' if lang == 'en' else 'en'}/{audience}/index.html")
    html.append("<main>")
    if draft:
        html.append(f'<p class="draft" role="note">{_e(w.label("draft_km", lang))}</p>')
    html.append(f"<h1>{_e(w.label('audience_' + audience, lang))}</h1>")
    html.append(f'<p class="summary">{_e(w.label("pack_tagline", lang))}</p>')
    groups = list(sections) or [(w.label("your_guides", lang), entries)]
    for heading, group in groups:
        if not group:
            continue
        cards = ['<ul class="cards">']
        for href, t, summary in group:
            cards.append(f'<li><a href="{_e(href)}">{_e(t)}</a>' + (f"<p>{_e(summary)}</p>" if summary else "")
                         + "</li>")
        cards.append("</ul>")
        html += _section(heading, cards)
    if not any(g for _, g in groups):
        html.append(f"<p>{_e(w.label('empty_audience', lang))}</p>")
    html += ["</main>", "</body>", "</html>", ""]
    return "\n".join(html)


def render_home(audiences: Sequence[str], languages: Sequence[str]) -> str:
    """The front page: choose a language and who you are."""
    html = _head("en", "NSSF Digital Info Pack | កញ្ចប់ព័ត៌មានឌីជីថល ប.ស.ស.", STYLESHEET)
    html.append('<main class="home">')
    for lang in languages:
        html.append(f'<section lang="{_e(lang)}">')
        html.append(f"<h1>{_e(w.label('pack_title', lang))}</h1>")
        html.append(f'<p class="summary">{_e(w.label("pack_tagline", lang))}</p>')
        html.append('<ul class="cards">')
        for a in AUDIENCES:
            if a in audiences:
                html.append(f'<li><a href="{_e(lang)}/{_e(a)}/index.html">{_e(w.label("audience_" + a, lang))}</a></li>')
        html.append("</ul>")
        if lang != "en":
            html.append(f'<p class="draft">{_e(w.label("draft_km", lang))}</p>')
        html.append("</section>")
    html += ["</main>", "</body>", "</html>", ""]
    return "\n".join(html)
