"""One diagram of what a redesign changes: removed steps red and struck through, added green, changed amber.

Steps are laid out in swimlanes by actor (the union of both journeys' actors). Every mark is also written in
the label ("removed", "added", "changed: duration"), so colour is never the only cue. Edges only in the as-is
journey are red and dashed, edges only in the redesign green, and a changed probability reads "was 90 %".
"""

from __future__ import annotations

from ..compare.structure import StructuralDiff, structural_diff
from ..model import LANES, Journey
from . import style
from .diagram import _pct, _wrapped, dot_header, edge_label, html_escape

#: (fill, line and text) of each mark; the text reads at 4.5:1 or more on its fill (WCAG AA).
REMOVED = ("#fde0dc", "#a93226")
ADDED = ("#d9f2d9", "#166534")
CHANGED = ("#fdebd0", "#8a5a00")
SAME = ("#ffffff", "#666666")


def diff_dot(base: Journey, redesign: Journey, diff: StructuralDiff | None = None, *, id_prefix: str = "",
             direction: str = "LR") -> str:
    """The DOT source of the diff diagram of ``redesign`` against ``base``.

    >>> from nssf_journey.examples import one_step
    >>> dot = diff_dot(one_step(duration=0), one_step(duration=5))
    >>> "takes 5 min (was 0)" in dot
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
                     id_prefix=pid, edge_colour="#7f7f7f", direction=direction)
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
            w(f"    {_node(sid, steps[sid], node[sid], diff, changed_fields, pid, base.step_by_id.get(sid))}")
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
                      f"label={edge_label('was ' + _pct(before[key]))}"]
        elif key not in before:
            attrs += [f'color="{ADDED[1]}"', f'fontcolor="{ADDED[1]}"', "penwidth=2"]
            if after[key] < 1.0:
                attrs.append(f"label={edge_label(_pct(after[key]))}")
        else:
            if abs(before[key] - after[key]) > 1e-9:
                attrs += [f'color="{CHANGED[1]}"', f'fontcolor="{CHANGED[1]}"', "penwidth=1.6",
                          f"label={edge_label(_pct(after[key]) + ' (was ' + _pct(before[key]) + ')')}"]
            elif after[key] < 1.0:
                attrs.append(f"label={edge_label(_pct(after[key]))}")
        w(f"  {node[u]} -> {node[v]} [{', '.join(attrs)}];")
    w(f"  {_legend(pid)}")
    w("}")
    return "\n".join(out) + "\n"


def plain_mark(before, after, fields: list[str]) -> str:
    """What changed at a step, in a director's words: ``'now online; takes 15 min (was 2 h)'``."""
    out = []
    for f in dict.fromkeys(fields):
        if f == "channel":
            out.append(f"now {style.channel_words(after.channel)}")
        elif f == "in_person":
            out.append("no trip needed" if not after.in_person else "a trip is needed")
        elif f == "duration":
            out.append(f"takes {style.human_time(after.duration.mean)} (was {style.human_time(before.duration.mean)})")
        elif f == "wait":
            out.append(f"waits {style.human_time(after.wait.mean)} (was {style.human_time(before.wait.mean)})")
        elif f == "cost":
            out.append(f"costs US$ {after.cost:,.2f} (was US$ {before.cost:,.2f})")
        elif f == "next":
            out.append("where cases go next changes")
        elif f == "actor":
            out.append("someone else does it")
        elif f == "resource":
            out.append("served at another counter")
        elif f == "outcome":
            out.append("ends differently")
    return "; ".join(out)


def _node(sid: str, step, nid: str, diff: StructuralDiff, changed: dict[str, list[str]], pid: str,
          before=None) -> str:
    name = _wrapped(step.name, 20)
    if sid in diff.removed:
        (fill, line), mark, name = REMOVED, "no longer needed", f"<S>{name}</S>"
    elif sid in diff.added:
        (fill, line), mark = ADDED, "new"
    elif sid in changed:
        (fill, line), mark = CHANGED, plain_mark(before, step, changed[sid])
    else:
        (fill, line), mark = SAME, ""
    rows = f'<TR><TD><B>{name}</B></TD></TR>'
    if step.is_terminal:
        rows += f'<TR><TD><FONT POINT-SIZE="10">outcome: {html_escape(step.outcome)}</FONT></TD></TR>'
    if mark:
        rows += f'<TR><TD><FONT POINT-SIZE="10" COLOR="{line}"><B>{_wrapped(mark, 26, 4)}</B></FONT></TD></TR>'
    table = (f'<TABLE BORDER="{2 if mark else 1}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" STYLE="rounded"'
             f' COLOR="{line}" BGCOLOR="{fill}">{rows}</TABLE>')
    return f'{nid} [id="{pid}{nid}", label=<{table}>];'


def _legend(pid: str) -> str:
    rows = "".join(
        f'<TR><TD BGCOLOR="{fill}" WIDTH="18"><FONT COLOR="{line}">&#9632;</FONT></TD><TD ALIGN="LEFT">{label}</TD></TR>'
        for (fill, line), label in ((REMOVED, "no longer needed (struck through)"), (ADDED, "new"), (CHANGED, "changed"),
                                    (SAME, "unchanged"))
    )
    table = f'<TABLE BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">{rows}</TABLE>'
    return f'legend [id="{pid}legend", shape=plain, fontsize=10, label=<{table}>];'
