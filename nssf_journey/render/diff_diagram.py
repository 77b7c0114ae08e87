"""One diagram of what a redesign changes: removed steps red and struck through, added green, changed amber.

Steps are laid out in swimlanes by actor (the union of both journeys' actors). Every mark is also written in
the label ("removed", "added", "changed: duration"), so colour is never the only cue. Edges only in the as-is
journey are red and dashed, edges only in the redesign green, and a changed probability reads "was 90 %".
"""

from __future__ import annotations

from ..compare.structure import StructuralDiff, structural_diff
from ..model import LANES, Journey
from . import style
from .diagram import _pct, _wrapped, dot_header, html_escape

REMOVED = ("#fde0dc", "#c0392b")
ADDED = ("#d9f2d9", "#1e8449")
CHANGED = ("#fdebd0", "#b9770e")
SAME = ("#ffffff", "#7f7f7f")


def diff_dot(base: Journey, redesign: Journey, diff: StructuralDiff | None = None, *, id_prefix: str = "") -> str:
    """The DOT source of the diff diagram of ``redesign`` against ``base``.

    >>> from nssf_journey.examples import one_step
    >>> dot = diff_dot(one_step(duration=0), one_step(duration=5))
    >>> "changed: duration" in dot
    True
    """
    diff = diff or structural_diff(base, redesign)
    pid = id_prefix
    changed_fields: dict[str, list[str]] = {}
    for c in diff.changed:
        changed_fields.setdefault(c.step, []).append(c.field)
    steps = {s.id: s for s in base.steps}
    steps.update({s.id: s for s in redesign.steps})
    actors = {a.id: a for a in base.actors}
    actors.update({a.id: a for a in redesign.actors})
    node = {sid: f"n{i}" for i, sid in enumerate(steps)}

    out = dot_header("diff", f"<B>{html_escape(redesign.title)}</B> compared with {html_escape(base.title)}",
                     id_prefix=pid, edge_colour="#7f7f7f")
    w = out.append
    lanes = sorted(actors.values(), key=lambda a: LANES.index(a.lane) if a.lane in LANES else len(LANES))
    for k, actor in enumerate(lanes):
        members = [sid for sid, s in steps.items() if s.actor == actor.id]
        if not members:
            continue
        w(f"  subgraph cluster_{k} {{")
        w(f'    graph [id="{pid}lane{k}", style="filled,rounded", color="#b8b8b8", fillcolor="{style.LANE_FILL.get(actor.lane, "#f7f7f7")}",'
          f" margin=12, label=<<B>{html_escape(actor.name)}</B>>];")
        for sid in members:
            w(f"    {_node(sid, steps[sid], node[sid], diff, changed_fields, pid)}")
        w("  }")

    before = {(s.id, b.to): b.p for s in base.steps for b in s.next}
    after = {(s.id, b.to): b.p for s in redesign.steps for b in s.next}
    e = 0
    for key in dict.fromkeys([*before, *after]):
        u, v = key
        attrs = [f'id="{pid}e{e}"']
        e += 1
        if key not in after:
            attrs += [f'color="{REMOVED[1]}"', f'fontcolor="{REMOVED[1]}"', 'style="dashed"',
                      f"label=<was {_pct(before[key])}>"]
        elif key not in before:
            attrs += [f'color="{ADDED[1]}"', f'fontcolor="{ADDED[1]}"', "penwidth=2"]
            if after[key] < 1.0:
                attrs.append(f"label=<{_pct(after[key])}>")
        else:
            if abs(before[key] - after[key]) > 1e-9:
                attrs += [f'color="{CHANGED[1]}"', f'fontcolor="{CHANGED[1]}"', "penwidth=1.6",
                          f"label=<{_pct(after[key])} (was {_pct(before[key])})>"]
            elif after[key] < 1.0:
                attrs.append(f"label=<{_pct(after[key])}>")
        w(f"  {node[u]} -> {node[v]} [{', '.join(attrs)}];")
    w(f"  {_legend(pid)}")
    w("}")
    return "\n".join(out) + "\n"


def _node(sid: str, step, nid: str, diff: StructuralDiff, changed: dict[str, list[str]], pid: str) -> str:
    name = _wrapped(step.name)
    if sid in diff.removed:
        (fill, line), mark, name = REMOVED, "removed", f"<S>{name}</S>"
    elif sid in diff.added:
        (fill, line), mark = ADDED, "added"
    elif sid in changed:
        (fill, line), mark = CHANGED, "changed: " + ", ".join(dict.fromkeys(changed[sid]))
    else:
        (fill, line), mark = SAME, ""
    rows = f'<TR><TD><B>{name}</B></TD></TR>'
    if step.is_terminal:
        rows += f'<TR><TD><FONT POINT-SIZE="9">outcome: {html_escape(step.outcome)}</FONT></TD></TR>'
    if mark:
        rows += f'<TR><TD><FONT POINT-SIZE="9" COLOR="{line}"><B>{html_escape(mark)}</B></FONT></TD></TR>'
    table = (f'<TABLE BORDER="{2 if mark else 1}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" STYLE="rounded"'
             f' COLOR="{line}" BGCOLOR="{fill}">{rows}</TABLE>')
    return f'{nid} [id="{pid}{nid}", label=<{table}>];'


def _legend(pid: str) -> str:
    rows = "".join(
        f'<TR><TD BGCOLOR="{fill}" WIDTH="18"><FONT COLOR="{line}">&#9632;</FONT></TD><TD ALIGN="LEFT">{label}</TD></TR>'
        for (fill, line), label in ((REMOVED, "removed (struck through)"), (ADDED, "added"), (CHANGED, "changed"),
                                    (SAME, "unchanged"))
    )
    table = f'<TABLE BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">{rows}</TABLE>'
    return f'legend [id="{pid}legend", shape=plain, fontsize=9, label=<{table}>];'
