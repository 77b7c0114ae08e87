"""Turn matplotlib figures into SVG text or PNG bytes without pyplot's global state.

Figures are built as :class:`matplotlib.figure.Figure` objects on the Agg canvas, so drawing never needs a
display and two reports can draw in one process. SVG keeps text as text (``svg.fonttype = none``): it stays
small, sharp and searchable, and a browser shows any character a journey uses.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

FONT_FAMILY = ["DejaVu Sans", "Arial", "sans-serif"]
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "nssf-journey",
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": True,
}


def new_figure(width: float, height: float) -> "Figure":
    """A figure of ``width`` x ``height`` inches on the Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _rc():
        fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _rc():
    import matplotlib

    return matplotlib.rc_context(RC)


def figure_bytes(fig: "Figure", fmt: str = "svg", *, dpi: int = 110) -> bytes:
    """The figure as ``svg`` or ``png`` bytes."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"format must be svg or png, got '{fmt}'")
    buf = io.BytesIO()
    with _rc():
        fig.savefig(buf, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0.15,
                    metadata={"Date": None} if fmt == "svg" else None)
    return buf.getvalue()


_LONG_DECIMALS = re.compile(r"(\d\.\d{2})\d+")
_ATTRIBUTE = re.compile(r'(\s[a-zA-Z:-]+=")([^"]*)(")')


def figure_svg(fig: "Figure") -> str:
    """The figure as SVG text, coordinates rounded to 1/100 of a point (a third smaller, looks the same).

    Only attribute values are rounded (paths, positions, transforms), never the text a figure shows.
    """
    svg = figure_bytes(fig, "svg").decode("utf-8")
    return _ATTRIBUTE.sub(lambda m: m.group(1) + _LONG_DECIMALS.sub(r"\1", m.group(2)) + m.group(3), svg)


def styled(fn):
    """Decorator: build the figure under the project's matplotlib settings."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with _rc():
            return fn(*args, **kwargs)

    return wrapper


def mpl_text(text: object) -> str:
    r"""Text from a journey, safe for matplotlib: a ``$`` would otherwise start mathematical notation.

    >>> print(mpl_text("pay US$4"))
    pay US\$4
    """
    return str(text).replace("$", "\\$")
