"""QR codes for leaflets, drawn offline as inline SVG by segno.

A printed leaflet carries a QR code that opens its guide online. segno (pure Python, no dependencies) encodes
the address; the SVG is one ``<path>`` of about 2 KB, inlined in the page, so nothing is fetched to show it.
"""

from __future__ import annotations

from html import escape


def qr_svg(address: str, *, label: str = "") -> str:
    """An inline ``<svg>`` QR code (error correction M, quiet zone of 2 modules) for ``address``.

    >>> svg = qr_svg("https://www.nssf.gov.kh/infopack/en/worker/x.html", label="QR")
    >>> svg.startswith('<svg viewBox="0 0 ') and 'role="img"' in svg and "<path" in svg
    True
    """
    import segno

    code = segno.make(address, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None, dark="#000")
    attrs = f' role="img" aria-label="{escape(label, quote=True)}"' if label else ' aria-hidden="true"'
    return svg.replace(' class="qr"', ' class="qr"' + attrs, 1)
