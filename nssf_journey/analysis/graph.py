"""A journey as a networkx directed graph, and the structural facts read off it.

Nodes are step ids (with the :class:`~nssf_journey.model.Step` and its actor as attributes); an edge ``a -> b``
carries the branch probability ``p``. Loops (rework) are edges that go back to a step already on the way from
``start``: they are found by a depth-first search that follows branches in the order the file lists them, so
the same file always gives the same loops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Journey

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx


def journey_graph(journey: Journey) -> "nx.DiGraph":
    """The journey as a :class:`networkx.DiGraph`.

    Examples
    --------
    >>> from nssf_journey.loading.loader import parse_journey
    >>> j = parse_journey('''
    ... journey: g
    ... title: G
    ... actors: [{id: w, name: W, lane: customer}]
    ... start: a
    ... steps:
    ...   - {id: a, name: A, actor: w, next: [{to: a, p: 0.5}, {to: b, p: 0.5}], source: "assumption: x"}
    ...   - {id: b, name: B, actor: w, outcome: success}
    ... ''')
    >>> sorted(journey_graph(j).edges(data="p"))
    [('a', 'a', 0.5), ('a', 'b', 0.5)]
    """
    import networkx as nx

    g = nx.DiGraph(journey=journey.id, title=journey.title, start=journey.start, time_unit=journey.time_unit)
    for step in journey.steps:
        actor = journey.actor_by_id.get(step.actor)
        g.add_node(
            step.id,
            step=step,
            name=step.name,
            actor=step.actor,
            lane=actor.lane if actor else None,
            outcome=step.outcome,
            mean_time=step.mean_time,
        )
    for step in journey.steps:
        for branch in step.next:
            g.add_edge(step.id, branch.to, p=branch.p)
    return g


def loop_edges(journey: Journey) -> list[tuple[str, str]]:
    """Edges that close a loop (rework): back edges of a depth-first search from ``start`` in file order.

    >>> from nssf_journey.loading.loader import parse_journey
    >>> j = parse_journey('''
    ... journey: g
    ... title: G
    ... actors: [{id: w, name: W, lane: customer}]
    ... start: a
    ... steps:
    ...   - {id: a, name: A, actor: w, next: b}
    ...   - {id: b, name: B, actor: w, next: [{to: a, p: 0.2}, {to: c, p: 0.8}], source: "assumption: x"}
    ...   - {id: c, name: C, actor: w, outcome: success}
    ... ''')
    >>> loop_edges(j)
    [('b', 'a')]
    """
    by_id = journey.step_by_id
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = finished
    back: list[tuple[str, str]] = []
    stack: list[tuple[str, int]] = [(journey.start, 0)]
    state[journey.start] = 1
    while stack:
        node, i = stack[-1]
        branches = by_id[node].next
        if i < len(branches):
            stack[-1] = (node, i + 1)
            to = branches[i].to
            s = state.get(to)
            if s is None:
                state[to] = 1
                stack.append((to, 0))
            elif s == 1:
                back.append((node, to))
        else:
            state[node] = 2
            stack.pop()
    return back
