"""The process diagram of a journey, as Graphviz DOT text.

Each actor is a swimlane (a cluster), grouped by lane: the customer first, then NSSF's frontstage and
backstage, then partners. A step's fill says how much of the expected lead time it takes (the heat scale of
:mod:`.style`, with a legend); its label names the step, its wait ("waits 3 days") and active time. Edges carry
the branch probability; rework loops are dashed and curved back. Outcomes are ovals (success, double border)
or octagons (failure).

Every text from a journey file goes into an HTML-like label through :func:`html_escape`, and node ids are
generated (``n0``, ``n1``...), never copied from the file, so no journey text can change the DOT structure.
Turning DOT into SVG or PNG needs the Graphviz program ``dot``; :func:`journey_dot` does not.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from typing import TYPE_CHECKING

from ..analysis.graph import loop_edges
from ..model import LANES
from . import style

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis.metrics import JourneyAnalysis
    from ..model import Journey
    from .detail import Detail

#: The one line shown when the Graphviz program is missing.
DOT_INSTALL_HINT = "the Graphviz program 'dot' is not installed; install it with: sudo apt-get install graphviz"
#: Output formats :func:`render_dot` accepts.
FORMATS = ("svg", "png")
FONT = "DejaVu Sans,Arial,sans-serif"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class GraphvizMissing(RuntimeError):
    """The Graphviz program ``dot`` is not installed."""

    def __init__(self) -> None:
        super().__init__(DOT_INSTALL_HINT)


def html_escape(text: object) -> str:
    """Escape text for a Graphviz HTML-like label (and for HTML): ``& < > " '`` become entities.

    Control characters are dropped and runs of white space become one space, so a label is one line unless
    the caller breaks it with ``<BR/>``.

    >>> html_escape('<script>alert("x")</script> & \\'y\\'')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;'
    """
    s = _CONTROL.sub("", str(text))
    s = " ".join(s.split())
    return (
        s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    )


def _wrapped(text: str, width: int = 24, max_lines: int = 3) -> str:
    """Escaped ``text`` broken into lines of about ``width`` characters with ``<BR/>``."""
    lines = textwrap.wrap(" ".join(str(text).split()), width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "\u2026"
    return "<BR/>".join(html_escape(line) for line in lines)


def _mean_wait(branch, unit: str) -> str:
    """A branch's mean wait in the journey's unit: ``0.84 d``.

    >>> from nssf_journey.model import Branch
    >>> from nssf_journey.distributions import Fixed
    >>> _mean_wait(Branch("x", 0.5, Fixed(1209.6)), "days")
    '0.84 d'
    """
    from ..units import MINUTES_PER

    short = {"minutes": "min", "hours": "h", "days": "d"}.get(unit, unit)
    return f"{branch.wait.mean / MINUTES_PER[unit]:.3g} {short}"


def _pct(p: float) -> str:
    """A probability or share as a percentage, escaped for an HTML-like label.

    >>> [_pct(p) for p in (0.9, 0.125, 0.045, 0.004, 0.0001, 0.0)]
    ['90 %', '12 %', '4.5 %', '0.4 %', '&lt;0.1 %', '0 %']
    """
    x = 100 * p
    if 0 < x < 0.05:
        return "&lt;0.1 %"
    if x >= 10 or abs(x - round(x)) < 0.05:
        return f"{x:.0f} %"
    return f"{x:.1f} %"


#: Directions a diagram can flow in: left to right (lanes are rows) or top to bottom (lanes are columns, so a long
#: journey grows down the page and fits its width).
DIRECTIONS = ("LR", "TB")


def edge_label(text: str) -> str:
    """An arrow's label (escaped text) on a white ground, so that it stays legible where it crosses a step or a
    lane (the ground makes its contrast that of dark grey on white, 12.6:1).

    >>> edge_label("90 %")
    '<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1" BGCOLOR="white"><TR><TD>90 %</TD></TR></TABLE>>'
    """
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1" BGCOLOR="white"><TR><TD>{text}</TD></TR></TABLE>>'


def dot_header(name: str, label: str, *, id_prefix: str = "", edge_colour: str = "#4d4d4d",
               direction: str = "LR") -> list[str]:
    """The first lines of every diagram of the toolkit: the graph ``name``, its layout and fonts, and its ``label``
    (an HTML-like label, already escaped) at the top left. The caller adds the body and the closing brace."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, got '{direction}'")
    return [
        f"digraph {name} {{",
        f'  graph [id="{id_prefix}graph", rankdir={direction}, newrank=true, fontname="{FONT}", fontsize=12, bgcolor="white",',
        "         pad=0.25, nodesep=0.3, ranksep=0.5, labelloc=t, labeljust=l,",
        f"         label=<{label}>];",
        f'  node [fontname="{FONT}", fontsize=11, shape=plain];',
        f'  edge [fontname="{FONT}", fontsize=10, color="{edge_colour}", fontcolor="#333333", arrowsize=0.7];',
    ]


def journey_dot(journey: "Journey", analysis: "JourneyAnalysis | None" = None, *, id_prefix: str = "",
                detail: "Detail" = "auto", direction: str = "LR") -> str:
    """The DOT source of the journey's process diagram.

    Parameters
    ----------
    journey
        The journey to draw.
    analysis
        Its exact analysis (:func:`nssf_journey.analyze`); computed when not given. Gives each step's share of
        the expected lead time, which picks its heat colour.
    id_prefix
        Prepended to every element id of the drawing, so that several diagrams can share one HTML page.
    detail
        How much to draw (:mod:`.detail`): ``"full"`` every step and arc; ``"common"`` only what at least 5 % of
        cases take; a share such as ``0.1``; ``"auto"`` (default) everything up to 40 arcs, ``"common"`` above.
        What is folded is named under the title.
    direction
        ``"LR"`` (default) flows left to right with a swimlane per actor as a row; ``"TB"`` flows top to bottom
        with the lanes as columns, so that a long journey fits the width of a page (the report draws it so).

    A step whose wait is set by life (``wait_reason: life``, such as pregnancy) is drawn apart from the heat
    scale, grey-blue with a dotted border and "set by life" in its label; the heat of the other steps is their
    share of the time a service can change (:func:`~nssf_journey.render.style.heat_share`). How sure a step's
    numbers are shows on its border: thick for measured numbers (and "measured" in its label), dashed for assumed
    ones (:data:`~nssf_journey.render.style.EVIDENCE_BORDER`).

    Examples
    --------
    >>> from nssf_journey.examples import rework
    >>> dot = journey_dot(rework(p=0.2))   # 'fill' is done again with probability 0.2
    >>> 'style="dashed"' in dot and '<TD>80 %</TD>' in dot
    True
    """
    if analysis is None:
        from ..analysis.metrics import analyze

        analysis = analyze(journey)
    from .detail import fold

    metrics = {s.step: s for s in analysis.per_step}
    node = {s.id: f"n{i}" for i, s in enumerate(journey.steps)}
    pid = id_prefix
    folding = fold(journey, analysis, detail)
    title = f"<B>{html_escape(journey.title)}</B>"
    if folding.folds_anything:
        title += f'<BR ALIGN="LEFT"/><FONT POINT-SIZE="10" COLOR="#555555">{html_escape(folding.note())}</FONT>'

    out = dot_header("journey", title, id_prefix=pid, direction=direction)
    w = out.append

    # Start marker, outside the lanes.
    w(f'  start [id="{pid}start", shape=circle, style=filled, fillcolor="#222222", color="#222222", width=0.18,'
      ' fixedsize=true, label=""];')

    for k, (lane, lane_label, members) in enumerate(_swimlanes(journey, folding.steps, by_lane=direction == "TB")):
        w(f"  subgraph cluster_{k} {{")
        w(f'    graph [id="{pid}lane{k}", style="filled,rounded", color="#b8b8b8", penwidth=1,'
          f' fillcolor="{style.LANE_FILL.get(lane, "#f7f7f7")}", fontsize=12, margin=12,')
        w(f"           label=<{lane_label}>];")
        for s in members:
            w(f"    {_node_line(journey, s, node[s.id], metrics.get(s.id), analysis, pid, actor=direction == 'TB')}")
        w("  }")

    w(f'  start -> {node[journey.start]} [id="{pid}e_start"];')
    loops = set(loop_edges(journey))
    e = 0
    for s in journey.steps:
        for b in s.next:
            if (s.id, b.to) not in folding.arcs:
                continue
            attrs = [f'id="{pid}e{e}"']
            e += 1
            wait = f"<BR/>wait {_mean_wait(b, journey.time_unit)}" if b.has_wait else ""
            if (s.id, b.to) in loops:
                attrs += ['style="dashed"', f'color="{style.LOOP_COLOUR}"', f'fontcolor="{style.LOOP_COLOUR}"',
                          "constraint=false", "penwidth=1.4", f"label={edge_label(f'rework {_pct(b.p)}{wait}')}"]
            else:
                attrs.append(f"penwidth={0.8 + 1.6 * b.p:.2f}")
                if b.p < 1.0 or wait:
                    attrs.append(f"label={edge_label(f'{_pct(b.p)}{wait}')}")
            w(f"  {node[s.id]} -> {node[b.to]} [{', '.join(attrs)}];")

    w(f"  {_legend(pid)}")
    w("  { rank=min; start; legend; }")
    w("}")
    return "\n".join(out) + "\n"


def _swimlanes(journey: "Journey", drawn, *, by_lane: bool):
    """``(lane, label, steps)`` per swimlane, in lane order: one per actor, or with ``by_lane`` one per lane (at
    most four columns, so that a top-to-bottom diagram fits a page; each step then names its actor)."""
    actors = sorted(journey.actors, key=lambda a: (LANES.index(a.lane) if a.lane in LANES else 99))
    out = []
    if by_lane:
        lanes = list(dict.fromkeys(a.lane for a in actors))
        for lane in lanes:
            ids = {a.id for a in actors if a.lane == lane}
            steps = [s for s in journey.steps if s.actor in ids and s.id in drawn]
            if steps:
                out.append((lane, f"<B>{html_escape(style.LANE_TITLE.get(lane, lane))}</B>", steps))
        return out
    for actor in actors:
        steps = [s for s in journey.steps if s.actor == actor.id and s.id in drawn]
        if steps:
            lane_title = style.LANE_TITLE.get(actor.lane, actor.lane)
            out.append((actor.lane, f'<B>{html_escape(actor.name)}</B> <FONT POINT-SIZE="10" COLOR="#555555">'
                                    f"({html_escape(lane_title)})</FONT>", steps))
    return out


def _node_line(journey: "Journey", s, nid: str, sm, analysis: "JourneyAnalysis", pid: str, *,
               actor: bool = False) -> str:
    if s.is_terminal:
        outcome = journey.outcome(s.outcome)
        fill, line = (style.SUCCESS_FILL, style.SUCCESS_LINE) if outcome.is_success else (style.FAILURE_FILL,
                                                                                         style.FAILURE_LINE)
        shape = "oval, peripheries=2" if outcome.is_success else "octagon"
        kind = "success" if outcome.is_success else "failure"
        label = (f'{_wrapped(s.name, 22)}<BR/><FONT POINT-SIZE="10">{kind}: {html_escape(s.outcome)}</FONT>')
        extra = _time_line(s)
        if extra:
            label += f'<BR/><FONT POINT-SIZE="10">{extra}</FONT>'
        return (f'{nid} [id="{pid}{nid}", shape={shape}, style=filled, fillcolor="{fill}", color="{line}",'
                f" penwidth=1.6, margin=0.05, label=<{label}>];")
    visits = sm.expected_visits if sm is not None else 0.0
    life = sm is not None and style.is_life_wait(sm)
    share = style.heat_share(sm, analysis) if sm is not None else 0.0
    evidence = style.step_evidence(s)
    width, dashed = style.EVIDENCE_BORDER.get(evidence or "reported", (1.0, False))
    if life:
        fill, ink, border, table_style = style.LIFE_FILL, "#000000", style.LIFE_LINE, 'STYLE="dotted"'
    else:
        fill, ink, border, table_style = (style.heat_colour(share), style.heat_text_colour(share), "#555555",
                                          'STYLE="rounded,dashed"' if dashed else 'STYLE="rounded"')
    rows = [f'<TR><TD><FONT COLOR="{ink}"><B>{_wrapped(s.name, 20 if actor else 24)}</B></FONT></TD></TR>']
    times = _time_line(s, life=life)
    if times:
        rows.append(f'<TR><TD><FONT POINT-SIZE="10" COLOR="{ink}">{times}</FONT></TD></TR>')
    facts = ["wait set by life"] if life else [f"{_pct(share)} of the time"]
    if actor:
        rows.insert(1, f'<TR><TD><FONT POINT-SIZE="10" COLOR="{ink}">{_wrapped(journey.actor_by_id[s.actor].name, 26, 1)}'
                       "</FONT></TD></TR>")
    if visits > 1.005:
        facts.append(f"done {visits:.2f}\u00d7")
    if s.channel:
        facts.append(html_escape(style.short_channel(s.channel)))
    if evidence == "measured":
        facts.append("measured")
    joined = " \u00b7 ".join(facts)
    rows.append(f'<TR><TD><FONT POINT-SIZE="10" COLOR="{ink}">{joined}</FONT></TD></TR>')
    table = (f'<TABLE BORDER="{width:g}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" {table_style} COLOR="{border}"'
             f' BGCOLOR="{fill}">{"".join(rows)}</TABLE>')
    return f'{nid} [id="{pid}{nid}", label=<{table}>];'


def _time_line(s, *, life: bool = False) -> str:
    parts = []
    if s.wait.mean > 0:
        parts.append(f"{'life sets' if life else 'waits'} {style.human_time(s.wait.mean)}")
    if s.duration.mean > 0:
        parts.append(f"{style.human_time(s.duration.mean)} active")
    return html_escape(", ".join(parts))


def _legend(pid: str) -> str:
    cells = "".join(
        f'<TR><TD BGCOLOR="{c}" WIDTH="18"> </TD><TD ALIGN="LEFT">{html_escape(lab)}</TD></TR>'
        for c, lab in zip(style.HEAT_COLOURS, style.HEAT_LABELS)
    )
    table = (
        '<TABLE BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2" BGCOLOR="white">'
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Share of the time<BR ALIGN="LEFT"/>a service can change</B></TD></TR>'
        f"{cells}"
        f'<TR><TD BGCOLOR="{style.LIFE_FILL}" WIDTH="18"> </TD><TD ALIGN="LEFT">wait set by life</TD></TR>'
        '<TR><TD BORDER="2" WIDTH="18"> </TD><TD ALIGN="LEFT">numbers measured</TD></TR>'
        '<TR><TD BORDER="1" STYLE="dashed" WIDTH="18"> </TD><TD ALIGN="LEFT">numbers assumed</TD></TR>'
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="{style.LOOP_COLOUR}">- - &gt; rework loop</FONT></TD></TR>'
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="{style.SUCCESS_LINE}">(( )) success</FONT></TD></TR>'
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="{style.FAILURE_LINE}">&lt; &gt; failure</FONT></TD></TR>'
        "</TABLE>"
    )
    return f'legend [id="{pid}legend", shape=plain, fontsize=10, label=<{table}>];'


def dot_available() -> bool:
    """Whether the Graphviz program ``dot`` is on the ``PATH``."""
    return shutil.which("dot") is not None


def render_dot(dot_source: str, fmt: str = "svg", *, dpi: int = 110, timeout: float = 120.0) -> bytes:
    """Lay out DOT text with Graphviz and return the SVG or PNG bytes.

    Raises :class:`GraphvizMissing` when ``dot`` is not installed, ``ValueError`` for another format and
    ``RuntimeError`` (with Graphviz's message) when the layout fails.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got '{fmt}'")
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissing()
    args = [exe, f"-T{fmt}"]
    if fmt == "png":
        args.append(f"-Gdpi={dpi}")
    try:
        done = subprocess.run(args, input=dot_source.encode("utf-8"), capture_output=True, timeout=timeout)
    except FileNotFoundError as exc:  # removed between which() and run()
        raise GraphvizMissing() from exc
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"Graphviz failed: {msg[0] if msg else 'exit ' + str(done.returncode)}")
    return done.stdout


#: Detail levels tried, in order, when a diagram must fit a width: what 5 %, 10 %, 20 %, 35 % and 50 % of
#: cases take (:mod:`.detail`).
FIT_LEVELS: tuple[float, ...] = (0.05, 0.1, 0.2, 0.35, 0.5)
#: The smallest text of a diagram, in points (steps' times and facts, arrows, the legend).
SMALLEST_TEXT_PT = 10.0


def svg_width_px(svg: str) -> float:
    """The natural width of an SVG drawing of Graphviz in CSS pixels (its ``width`` is in points).

    >>> svg_width_px('<svg width="300pt" height="10pt">')
    400.0
    """
    m = re.search(r'<svg\b[^>]*?\swidth="([0-9.]+)(pt|px)?"', svg)
    if m is None:
        raise ValueError("the SVG has no width")
    return float(m.group(1)) * (4 / 3 if m.group(2) in ("pt", None) else 1.0)


def fitting_journey_svg(journey: "Journey", analysis: "JourneyAnalysis | None" = None, *, max_width_px: float,
                        id_prefix: str = "", levels: tuple[float, ...] = FIT_LEVELS) -> tuple[str, float]:
    """The process diagram, top to bottom, at the first detail level of ``levels`` whose drawing is at most
    ``max_width_px`` wide, and that level (the last level when none fits).

    A page ``W`` pixels wide shows text of ``p`` points at ``p * 4/3 * W / width`` pixels, so a page that must show
    the smallest text (:data:`SMALLEST_TEXT_PT`) at 11 px or more asks for ``max_width_px = W * 10 * 4/3 / 11``.
    """
    if analysis is None:
        from ..analysis.metrics import analyze

        analysis = analyze(journey)
    svg, level = "", levels[-1]
    for level in levels:
        svg = render_dot(journey_dot(journey, analysis, id_prefix=id_prefix, detail=level, direction="TB"),
                         "svg").decode("utf-8")
        if svg_width_px(svg) <= max_width_px:
            break
    return svg, level
