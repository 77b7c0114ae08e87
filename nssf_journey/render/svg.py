"""Make an SVG document fit for inlining in an HTML page.

Graphviz and matplotlib give every drawing element an id (``node1``, ``clip0``...), so two drawings inlined in
one page would clash. :func:`inline_svg` prefixes every id and every reference to one (``url(#...)``,
``href="#..."``), and drops the XML prolog, doctype and comments that are not allowed inside HTML.
"""

from __future__ import annotations

import re

_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>[]*(\[[^\]]*\])?>|<!--.*?-->|<metadata>.*?</metadata>", re.S)
_XMLNS = re.compile(r'\sxmlns(:[a-z]+)?="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_URL_REF = re.compile(r"url\(#([^)\s]+)\)")
_HREF = re.compile(r'\b((?:xlink:)?href)="#([^"]+)"')
_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_WIDTH = re.compile(r'\s(width|height)="([0-9.]+)(pt|px)?"')


def inline_svg(svg: str, prefix: str, *, css_class: str = "", min_scale: float = 0.5) -> str:
    """``svg`` with its ids prefixed by ``prefix``, fit for inlining, scaling to its container.

    Ids that something refers to (``url(#id)``, ``href="#id"``) are prefixed; the others are dropped.

    The root element keeps its ``viewBox``; its fixed ``width``/``height`` are replaced by a ``style`` that
    lets it shrink to the page width but not below ``min_scale`` times its natural width (the container
    scrolls instead), so that its text stays legible on a phone.

    >>> inline_svg('<?xml version="1.0"?><svg width="100pt" height="50pt" viewBox="0 0 100 50">'
    ...            '<g id="a"><use href="#a"/><path clip-path="url(#a)"/></g></svg>', "p-")
    '<svg viewBox="0 0 100 50" style="width:100%;min-width:67px;height:auto"><g id="p-a"><use href="#p-a"/><path clip-path="url(#p-a)"/></g></svg>'
    """
    text = _PROLOG.sub("", svg).strip()
    used = set(_URL_REF.findall(text)) | {m.group(2) for m in _HREF.finditer(text)}
    # ids nobody refers to only make the page bigger (matplotlib names every element): drop them
    text = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"' if m.group(1) in used else "", text)
    text = _URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", text)
    text = _HREF.sub(lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"', text)

    def root(m: re.Match[str]) -> str:
        tag = m.group(0)
        width = None
        for w in _WIDTH.finditer(tag):
            if w.group(1) == "width":
                value = float(w.group(2))
                width = value * (4 / 3 if w.group(3) == "pt" else 1)
        tag = _XMLNS.sub("", _WIDTH.sub("", tag))
        min_width = f"min-width:{width * min_scale:.0f}px;" if width else ""
        cls = f' class="{css_class}"' if css_class else ""
        return tag[:-1].rstrip() + f'{cls} style="width:100%;{min_width}height:auto">'

    return _ROOT.sub(root, text, count=1)
