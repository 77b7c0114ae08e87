"""HTML of the Info Pack: small, offline, phone-first pages with no JavaScript.

Every text is escaped with :func:`html.escape`; pages link only to each other, to one shared stylesheet and to
the hotline (``tel:``), never to anything on the network. The address of a guide online is printed on its
leaflet (with a QR code drawn offline), not loaded. Khmer pages carry ``lang="km"``; English source titles in
them are marked ``<cite lang="en">``.

:mod:`~nssf_journey.infopack.staff_html` renders the staff guides with the helpers here.
"""

from __future__ import annotations

import re
from html import escape
from typing import Iterable, Sequence

from .. import words as w
from .fit import fit_level
from .page import ChoiceView, Item, Page, StepView
from .qr import qr_svg

STYLESHEET = "style.css"


def e(text: object) -> str:
    """Escaped text."""
    return escape(str(text), quote=True)


def linked(text: str, hotline: str) -> str:
    """Escaped text in which the hotline number (Latin or Khmer digits) is a ``tel:`` link.

    >>> linked("Call 1286 or ១២៨៦ <now>", "1286")
    'Call <a href="tel:1286">1286</a> or <a href="tel:1286">១២៨៦</a> &lt;now&gt;'
    """
    out = e(text)
    if not hotline:
        return out
    latin = w.latin_digits(hotline)
    pattern = "|".join(re.escape(x) for x in dict.fromkeys([latin, w.digits(latin, "km")]))
    return re.sub(rf"(?<![0-9០-៩])({pattern})(?![0-9០-៩])", lambda m: f'<a href="tel:{e(latin)}">{m.group(1)}</a>',
                  out)


def colon(lang: str) -> str:
    """The colon after a label: ``:`` in English, ``៖`` in Khmer."""
    return "\u17d6" if lang == "km" else ":"


def other_lang(lang: str) -> str:
    return "km" if lang == "en" else "en"


def head(lang: str, title: str, css_href: str, body_class: str = "") -> list[str]:
    cls = f' class="{e(body_class)}"' if body_class else ""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(title)}</title>",
        f'<link rel="stylesheet" href="{e(css_href)}">',
        "</head>",
        f"<body{cls}>",
    ]


def top(lang: str, home_href: str, other_href: str, guides: tuple[str, str] | None = None) -> list[str]:
    """The header: the pack's name (home), a link to the guides of the page's audience, the other language."""
    out = ['<header class="top">', f'<a class="brand" href="{e(home_href)}">{e(w.label("pack_title", lang))}</a>',
           "<nav>"]
    if guides:
        out.append(f'<a href="{e(guides[1])}">{e(guides[0])}</a>')
    out.append(f'<a href="{e(other_href)}" lang="{other_lang(lang)}">{e(w.label("other_language", lang))}</a>')
    return out + ["</nav>", "</header>"]


def help_box(lang: str, hotline: str) -> list[str]:
    if not hotline:
        return []
    latin = w.latin_digits(hotline)
    return ['<section class="help">', f"<h2>{e(w.label('help', lang))}</h2>",
            f"<p>{e(w.label('hotline', lang))}</p>",
            f'<p><a class="call" href="tel:{e(latin)}">{e(w.label("call", lang).format(number=hotline))}</a></p>',
            "</section>"]


def footer(page, lang: str, *, notes: Sequence[str] = (), print_hint: str = "print_hint",
           cited: str = "") -> list[str]:
    """The footer: notes, sources, the draft marking, the date; on paper the institution, address and QR code.

    ``cited`` is an English technical note (how the numbers were computed), shown after the notes as a citation.
    """
    out = ["<footer>"]
    for i, note in enumerate(notes):
        cite = f' <cite lang="en">({e(cited)})</cite>' if cited and i == len(notes) - 1 else ""
        out.append(f'<p class="small">{e(note)}{cite}</p>')
    if page.sources:
        cites = "; ".join(f'<cite lang="en">{e(s)}</cite>' if lang != "en" else f"<cite>{e(s)}</cite>"
                          for s in page.sources)
        out.append(f'<p class="small src"><b>{e(w.label("sources", lang))}{colon(lang)}</b> {cites}</p>')
    if page.draft:
        out.append(f'<p class="draft">{e(w.label("draft_km", lang))}'
                   + (f" {e(w.label('fallback_note', lang))}" if page.fallbacks else "") + "</p>")
    if page.date is not None:
        out.append(f'<p class="small screen">{e(w.label("as_of", lang).format(date=w.date(page.date, lang)))}</p>')
    out.append(f'<p class="small screen">{e(w.label(print_hint, lang))}</p>')
    out.append("</footer>")
    return out


def leaflet_head(page, lang: str) -> list[str]:
    """On paper only: the institution, the date and a QR code with the address of the guide online."""
    if not page.address:
        return []
    out = ['<div class="paper qrbox">', qr_svg(page.address, label=w.label("scan", lang)), '<p class="small">']
    if page.date is not None:
        out.append(f'{e(w.label("as_of", lang).format(date=w.date(page.date, lang)))}<br>')
    out.append(f'{e(w.label("scan", lang))}<br><span lang="en" class="url">{e(page.address)}</span></p></div>')
    return out


def section(title: str, body: Sequence[str], css: str = "") -> list[str]:
    if not body:
        return []
    cls = f' class="{css}"' if css else ""
    return [f"<section{cls}>", f"<h2>{e(title)}</h2>", *body, "</section>"]


def _items(items: Iterable[Item], lang: str, hotline: str, css: str = "box") -> list[str]:
    out = []
    for it in items:
        out.append(f'<div class="{css}">')
        if it.text or it.tips:
            out.append(f"<h3>{linked(it.title, hotline)}</h3>")
            if it.text:
                out.append(f'<p class="rest">{linked(it.text, hotline)}</p>')
        else:
            out.append(f"<p>{linked(it.title, hotline)}</p>")
        if it.note:
            out.append(f'<p class="how-often">{e(it.note)}</p>')
        for tip in it.tips:
            out.append(f'<p class="tip item-tip">{linked(tip, hotline)}</p>')
        if it.source:
            cite = f'<cite lang="en">{e(it.source)}</cite>' if lang != "en" else f"<cite>{e(it.source)}</cite>"
            out.append(f'<p class="src">{e(w.label("source", lang))} {cite}</p>')
        out.append("</div>")
    return out


def _step(v: StepView, lang: str, hotline: str, *, tag: str = "li", then: bool = False) -> list[str]:
    ident = f' id="s{e(w.digits(v.number, "en"))}"' if v.number else ""
    out = [f'<{tag} class="step k-{e(v.kind)}"{ident}>']
    num = f'<span class="num">{e(v.number)}.</span> ' if v.number else ""
    pre = f"{e(w.label('then', lang))}{colon(lang)} " if then else ""
    out.append(f"<h3>{num}{pre}{linked(v.heading, hotline)}</h3>")
    if v.text:
        out.append(f'<p class="more">{linked(v.text, hotline)}</p>')
    meta = []
    if v.badge:
        meta.append(f'<span class="badge{" badge-nssf" if v.compact else ""}">{e(v.badge)}</span>')
    if v.time:
        cls = "" if v.compact else ' class="t"'  # a wait for NSSF stays on the leaflet; a step's own time may go
        meta.append(f'<span{cls}><b>{e(w.label("wait" if v.compact else "time", lang))}{colon(lang)}</b> {e(v.time)}</span>')
    if v.busy:
        meta.append(f'<span><b>{e(w.label("busy", lang))}{colon(lang)}</b> {e(v.busy)}</span>')
    if v.cost:
        meta.append(f'<span><b>{e(w.label("cost", lang))}{colon(lang)}</b> {e(v.cost)}</span>')
    if meta:
        out.append(f'<div class="meta">{" ".join(meta)}</div>')
    if v.note:
        out.append(f'<p class="note">{e(v.note)}</p>')
    if v.where:
        out.append(f'<p class="where"><b>{e(w.label("where", lang))}{colon(lang)}</b> {linked(v.where, hotline)}</p>')
    if v.documents:
        out.append(f'<div class="docs"><b>{e(w.label("bring", lang))}{colon(lang)}</b><ul>'
                   + "".join(f"<li>{linked(d, hotline)}</li>" for d in v.documents) + "</ul></div>")
    for tip in v.tips:
        out.append(f'<p class="tip step-tip"><b>{e(w.label("tip", lang))}{colon(lang)}</b> {linked(tip, hotline)}</p>')
    out.append(f"</{tag}>")
    return out


def _choice(c: ChoiceView, lang: str, hotline: str, *, tag: str = "li") -> list[str]:
    ident = f' id="s{e(w.digits(c.number, "en"))}"' if c.number else ""
    num = f'<span class="num">{e(c.number)}.</span> ' if c.number else ""
    out = [f'<{tag} class="choice"{ident}>', f"<h3>{num}{e(c.label)}</h3>"]
    for i, option in enumerate(c.options):
        out.append('<div class="option">')
        if i:
            out.append(f'<p class="or">{e(w.label("option_or", lang))}</p>')
        for k, v in enumerate(option):
            if isinstance(v, ChoiceView):
                out += _choice(v, lang, hotline, tag="div")
            else:
                out += _step(v, lang, hotline, tag="div", then=k > 0)
        out.append("</div>")
    out.append(f"</{tag}>")
    return out


def render_page(page: Page, *, css_href: str = "../../" + STYLESHEET, home_href: str = "../index.html",
                other_href: str = "") -> str:
    """The HTML of one customer guide."""
    lang, hot = page.lang, page.hotline
    html = head(lang, f"{page.title} | {w.label('pack_title', lang)}", css_href, "fit-level")
    html += top(lang, home_href, other_href or f"../../{other_lang(lang)}/{page.audience}/{page.file_name}",
                (w.label(f"audience_{page.audience}", lang), "index.html"))
    html.append("<main>")
    html.append('<div class="head">')
    html += leaflet_head(page, lang)
    if page.institution:
        html.append(f'<p class="brandline paper">{e(page.institution)}</p>')
    html.append(f"<h1>{e(page.title)}</h1>")
    if page.summary:
        html.append(f'<p class="summary">{linked(page.summary, hot)}</p>')
    html.append("</div>")
    key = [f"<p>{linked(x, hot)}</p>" for x in page.promise]
    if page.chance:
        key.append(f'<p class="chance">{linked(page.chance, hot)}</p>')
    html += section(w.label("how_long", lang), key, "key")
    html += section(w.label("who_for", lang), _items(page.eligibility, lang, hot))
    html += section(w.label("what_you_get", lang), _items(page.benefits, lang, hot))
    html += section(w.label("deadlines", lang), _items(page.deadlines, lang, hot, "box bad"))
    steps = []
    for v in page.steps:
        steps += _choice(v, lang, hot) if isinstance(v, ChoiceView) else _step(v, lang, hot)
    duties = page.audience == "employer" and page.summary == w.label("duties_summary", lang)
    html += section(w.label("duty_steps" if duties else "steps", lang),
                    ['<ol class="steps">', *steps, "</ol>"] if steps else [])
    costs = [f"<p>{linked(page.cost_lines[0], hot)}</p>"] if page.cost_lines else []
    costs += [f'<p class="cost-line">{linked(x, hot)}</p>' for x in page.cost_steps]
    costs += [f"<p>{linked(x, hot)}</p>" for x in page.cost_lines[1:]]
    html += section(w.label("costs", lang), costs)
    html += section(w.label("goes_wrong", lang), _items(page.goes_wrong, lang, hot, "box bad"))
    html += help_box(lang, hot)
    html += footer(page, lang, notes=[w.label("estimates", lang)])
    html += ["</main>", "</body>", "</html>", ""]
    text = "\n".join(html)
    return text.replace('<body class="fit-level">', f'<body class="fit{fit_level(text, lang)}">', 1)


def render_index(lang: str, audience: str, groups: Sequence[tuple[str, Sequence[tuple[str, str, str]]]], *,
                 draft: bool, hotline: str = "") -> str:
    """The guides of one audience in one language: ``groups`` of ``(heading, [(href, title, subtitle)])``."""
    title = w.label(f"audience_{audience}", lang)
    html = head(lang, f"{title} | {w.label('pack_title', lang)}", "../../" + STYLESHEET)
    html += top(lang, "../index.html", f"../../{other_lang(lang)}/{audience}/index.html")
    html.append("<main>")
    html.append(f"<h1>{e(title)}</h1>")
    for heading, entries in groups:
        if entries:
            html += section(heading, _cards(entries))
    if not any(entries for _, entries in groups):
        html.append(f"<p>{e(w.label('empty_audience', lang))}</p>")
    html += help_box(lang, hotline)
    if draft:
        html += ["<footer>", f'<p class="draft">{e(w.label("draft_km", lang))}</p>', "</footer>"]
    html += ["</main>", "</body>", "</html>", ""]
    return "\n".join(html)


def _cards(entries: Sequence[tuple[str, str, str]]) -> list[str]:
    out = ['<ul class="cards">']
    for href, title, sub in entries:
        out.append(f'<li><a href="{e(href)}">{e(title)}' + (f"<span>{e(sub)}</span>" if sub else "") + "</a></li>")
    out.append("</ul>")
    return out


def render_home(lang: str, worker: Sequence[tuple[str, str, str]], employer: Sequence[tuple[str, str, str]],
                audiences: Sequence[str], *, prefix: str = "", other_href: str = "", css_href: str = "",
                hotline: str = "", draft: bool = False) -> str:
    """The home page in one language: situations first (each opens its guide), then every audience's guides.

    Links are relative to the page's folder plus ``prefix`` (``"en/"`` for the copy at the top of the pack).
    """
    html = head(lang, w.label("pack_title", lang), css_href or "../" + STYLESHEET, "home")
    html += top(lang, "index.html", other_href or f"../{other_lang(lang)}/index.html")
    html.append("<main>")
    html.append(f"<h1>{e(w.label('situations', lang))}</h1>")
    fix = [(prefix + href, title, sub) for href, title, sub in worker]
    html += section(w.label("for_workers", lang), _cards(fix) if fix else [])
    fix = [(prefix + href, title, sub) for href, title, sub in employer]
    html += section(w.label("for_employers", lang), _cards(fix) if fix else [])
    html += section(w.label("all_guides", lang),
                    _cards([(f"{prefix}{a}/index.html", w.label(f"audience_{a}", lang), "") for a in audiences]))
    html += help_box(lang, hotline)
    html.append("<footer>")
    html.append(f'<p class="small">{e(w.label("pack_tagline", lang))}</p>')
    if draft:
        html.append(f'<p class="draft">{e(w.label("draft_km", lang))}</p>')
    html.append("</footer>")
    html += ["</main>", "</body>", "</html>", ""]
    return "\n".join(html)
