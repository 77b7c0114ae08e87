"""A journey as a directed graph: the networkx view for users, and the graph algorithms the analysis uses.

Nodes are steps, an edge ``a -> b`` is a branch with its probability ``p``. :func:`journey_graph` gives the
journey as a :class:`networkx.DiGraph` for a user's own analysis. The algorithms the exact analysis needs are
here too, each once, on integer step numbers in file order (:class:`StepGraph`), compiled where SciPy has them:

- :func:`loop_edges`: rework loops are the edges that go back to a step already on the way from ``start``: the
  back edges of a depth-first search that follows branches in the order the file lists them, so the same file
  always gives the same loops;
- :func:`strongly_connected`, :func:`steps_on_a_cycle`: strongly connected components
  (:func:`scipy.sparse.csgraph.connected_components`);
- :func:`most_likely_path`: the path to an outcome with the largest product of probabilities, a shortest path
  on ``-log p`` (:func:`scipy.sparse.csgraph.dijkstra`);
- :func:`critical_path`: the longest path in expected time once the loop edges are removed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..model import Journey

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx


def journey_graph(journey: Journey) -> "nx.DiGraph":
    """The journey as a :class:`networkx.DiGraph`, for your own graph analysis.

    The graph has the attributes ``journey`` (id), ``title``, ``start`` (the first step's id) and ``time_unit``
    (the unit the file was written in; the times below are minutes whatever it says).

    Nodes are step ids, in file order, with the attributes:

    ``step``
        the :class:`~nssf_journey.model.Step` itself (waits and durations as distributions, channel, cost, ...);
    ``name``, ``actor``, ``lane``
        the step's name, its actor's id and that actor's lane (``customer``, ``frontstage``, ...);
    ``outcome``
        the outcome id for a step that ends the journey, else ``None``;
    ``mean_time``
        mean minutes at the step: its mean wait plus its mean duration.

    Each branch is an edge with the attributes ``p``, its probability (the branches out of a step that does not
    end the journey sum to 1), and ``wait``, the mean minutes of the branch's own wait (0 when it has none: see
    the format's waits that depend on where the case comes from). Edge order follows the file.

    Examples
    --------
    >>> from nssf_journey.examples import rework
    >>> j = rework(p=0.5)
    >>> g = journey_graph(j)
    >>> sorted(g.edges(data="p"))
    [('fill', 'done', 0.5), ('fill', 'fill', 0.5)]
    >>> g.nodes["done"]["outcome"], g.graph["start"]
    ('success', 'fill')
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
            g.add_edge(step.id, branch.to, p=branch.p, wait=branch.wait.mean)
    return g


#: Journeys up to this many steps are searched in Python: SciPy's import would cost more than it saves.
SMALL = 400


@dataclass(frozen=True)
class StepGraph:
    """A journey's steps as numbers ``0..n-1`` in file order and its branches as arrays, in file order.

    ``source[e] -> target[e]`` with probability ``p[e]`` and, when the branch has its own ``wait``, that
    wait's mean ``wait[e]`` (minutes; 0 otherwise); the branches of one step are consecutive, in the order the
    file lists them, and the steps' branches come in step order (``source`` never decreases).
    """

    ids: tuple[str, ...]
    start: int
    source: np.ndarray
    target: np.ndarray
    p: np.ndarray
    terminal: np.ndarray  # bool per step: the step ends the journey
    wait: np.ndarray  # mean minutes of each branch's own wait (0 for a branch without one)

    @property
    def n(self) -> int:
        return len(self.ids)

    def branch_starts(self) -> list[int]:
        """Where each step's branches start in ``source``/``target``/``p`` (``n + 1`` entries, as CSR)."""
        starts = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.source, minlength=self.n), out=starts[1:])
        return starts.tolist()

    def successors(self) -> list[list[int]]:
        """Successor lists in file order."""
        starts, target = self.branch_starts(), self.target.tolist()
        return [target[starts[v]:starts[v + 1]] for v in range(self.n)]


def step_graph(journey: Journey) -> StepGraph:
    """The :class:`StepGraph` of a journey."""
    steps = journey.steps
    index = {s.id: i for i, s in enumerate(steps)}
    branches = [b for s in steps for b in s.next]
    source = np.repeat(np.arange(len(steps), dtype=np.int64), [len(s.next) for s in steps])
    target = np.array([index[b.to] for b in branches], dtype=np.int64)
    p = np.array([b.p for b in branches], dtype=float)
    terminal = np.array([s.outcome is not None for s in steps], dtype=bool)
    wait = np.array([b.wait.mean for b in branches], dtype=float)
    return StepGraph(tuple(index), index[journey.start], source, target, p, terminal, wait)


def _search_from_start(graph: StepGraph, skip: set[tuple[int, int]] | None = None,
                       ) -> tuple[list[tuple[int, int]], list[int]]:
    """Depth-first search from ``start`` following branches in file order: back edges and the post-order.

    The post-order lists every step reachable from ``start`` after all the steps it leads to without a back
    edge: a reverse topological order of the journey with its loops removed. Edges in ``skip`` are not followed.
    """
    starts, target = graph.branch_starts(), graph.target.tolist()
    skip = skip or set()
    state = [0] * graph.n  # 0 = not seen, 1 = on the stack, 2 = finished
    back: list[tuple[int, int]] = []
    post: list[int] = []
    start = graph.start
    state[start] = 1
    stack = [(start, starts[start])]
    while stack:
        node, i = stack[-1]
        if i < starts[node + 1]:
            stack[-1] = (node, i + 1)
            to = target[i]
            if skip and (node, to) in skip:
                continue
            if state[to] == 0:
                state[to] = 1
                stack.append((to, starts[to]))
            elif state[to] == 1:
                back.append((node, to))
        else:
            state[node] = 2
            post.append(node)
            stack.pop()
    return back, post


def loop_edges(journey: Journey) -> list[tuple[str, str]]:
    """Edges that close a loop (rework): back edges of a depth-first search from ``start`` in file order.

    >>> from nssf_journey.examples import rework
    >>> j = rework(p=0.2)
    >>> loop_edges(j)
    [('fill', 'fill')]
    """
    graph = step_graph(journey)
    back, _ = _search_from_start(graph)
    return [(graph.ids[u], graph.ids[w]) for u, w in back]


def strongly_connected(succ: list[list[int]]) -> list[list[int]]:
    """Strongly connected components of a graph given as successor lists (SciPy's compiled routine).

    Components are listed by their smallest member, members in increasing order.

    >>> strongly_connected([[1], [0, 2], []])
    [[0, 1], [2]]
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(succ)
    if n == 0:
        return []
    rows = np.repeat(np.arange(n), [len(s) for s in succ])
    cols = np.fromiter((w for s in succ for w in s), dtype=np.int64, count=len(rows))
    _, labels = connected_components(csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)),
                                     directed=True, connection="strong")
    members: dict[int, list[int]] = {}
    for v, label in enumerate(labels.tolist()):
        members.setdefault(label, []).append(v)
    return list(members.values())


def steps_on_a_cycle(graph: StepGraph) -> np.ndarray:
    """Per step, whether a loop passes through it (some path leads from the step back to itself).

    Large journeys use SciPy's compiled strongly connected components; small ones a search from each step in
    Python, which spares the import of SciPy at start-up.
    """
    n = graph.n
    on_cycle = np.zeros(n, dtype=bool)
    on_cycle[graph.source[graph.source == graph.target]] = True
    if n > SMALL:
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        _, labels = connected_components(
            csr_matrix((np.ones(len(graph.source)), (graph.source, graph.target)), shape=(n, n)),
            directed=True, connection="strong")
        return on_cycle | (np.bincount(labels)[labels] > 1)
    succ = graph.successors()
    for v in range(n):
        seen = {v}
        todo = [w for w in succ[v] if w != v]
        while todo and not on_cycle[v]:
            w = todo.pop()
            if w in seen:
                continue
            seen.add(w)
            for x in succ[w]:
                if x == v:
                    on_cycle[v] = True
                todo.append(x)
    return on_cycle


def most_likely_path(journey: Journey, *, success_only: bool = False) -> tuple[list[str], float]:
    """The single path from ``start`` to an outcome with the highest probability, and that probability.

    Loops only lower a path's probability, so the most likely path never repeats a step. It is a shortest path
    on the weights ``-log p`` (SciPy's compiled Dijkstra). Ties go to the outcome step listed first in the file;
    where two ways to a step are equally likely the path comes through the step reached first (the likelier,
    then the one listed first). With ``success_only``, only paths that end in a success count (``([], 0.0)``
    when the journey cannot succeed).

    >>> from nssf_journey.examples import fork
    >>> j = fork(rejected=0.6)
    >>> most_likely_path(j)
    (['apply', 'rejected'], 0.6)
    >>> most_likely_path(j, success_only=True)
    (['apply', 'paid'], 0.4)
    """
    graph = step_graph(journey)
    ends = graph.terminal.copy()
    if success_only:
        ends &= np.array([s.outcome is not None and journey.outcome(s.outcome).is_success for s in journey.steps])
    path, cost = _most_likely_path(graph, ends)
    return [graph.ids[i] for i in path], (math.exp(-cost) if path else 0.0)


#: Costs (``-log p``) closer than this are ties.
_TIE = 1e-12


def _most_likely_path(graph: StepGraph, ends: np.ndarray) -> tuple[list[int], float]:
    """Most likely path to one of the ``ends`` (a mask), and its cost ``-log p``; ``([], inf)`` when none."""
    n = graph.n
    with np.errstate(divide="ignore"):
        weight = -np.log(graph.p)
    weight = np.where(weight > 0, weight, 0.0)  # p = 1 costs nothing (-log 1 may come out as -0.0)
    if n <= SMALL:
        cost, tree = _dijkstra_small(graph, weight)
    else:
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        # Explicit zeros are edges to SciPy's graph routines, so branches with p = 1 keep their zero weight.
        cost, tree = dijkstra(csr_matrix((weight, (graph.source, graph.target)), shape=(n, n)),
                              indices=graph.start, return_predecessors=True)
    reach = np.isfinite(cost) & ends
    if not reach.any():
        return [], math.inf
    candidates = np.flatnonzero(reach)
    best = cost[candidates].min()
    end = int(candidates[cost[candidates] <= best + _TIE][0])  # the first in file order among ties
    # Each step's way in: the branch whose cost is the least (ties: the source reached first, then listed first).
    offer = cost[graph.source] + weight
    ok = np.isfinite(offer) & (offer <= cost[graph.target] + _TIE)
    src, dst = graph.source[ok], graph.target[ok]
    order = np.lexsort((src, cost[src], dst))
    first = np.ones(len(order), dtype=bool)
    first[1:] = dst[order][1:] != dst[order][:-1]
    parent = np.full(n, -1, dtype=np.int64)
    parent[dst[order][first]] = src[order][first]
    parent[graph.start] = -1
    path = [end]
    while path[-1] != graph.start:
        if len(path) > n:  # ties all round a loop of near-certain branches: take the search's own tree
            parent = tree
            path = [end]
        path.append(int(parent[path[-1]]))
    return path[::-1], float(cost[end])


def _dijkstra_small(graph: StepGraph, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dijkstra in Python for small journeys (no SciPy import at start-up): costs and predecessors."""
    import heapq

    n = graph.n
    out_edges: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for u, w, c in zip(graph.source.tolist(), graph.target.tolist(), weight.tolist()):
        out_edges[u].append((w, c))
    cost = [math.inf] * n
    cost[graph.start] = 0.0
    heap = [(0.0, graph.start)]
    done = [False] * n
    tree = [-9999] * n
    while heap:
        c, u = heapq.heappop(heap)
        if done[u]:
            continue
        done[u] = True
        for w, step_cost in out_edges[u]:
            if c + step_cost < cost[w]:
                cost[w] = c + step_cost
                tree[w] = u
                heapq.heappush(heap, (cost[w], w))
    return np.array(cost), np.array(tree)


def critical_path(journey: Journey, *, loops: list[tuple[str, str]] | None = None) -> tuple[list[str], float]:
    """The path from ``start`` to an outcome with the longest expected duration, loops left out.

    Loop edges (:func:`loop_edges`) are removed; on the acyclic rest each step weighs its mean wait plus mean
    duration, and each branch its own mean wait. Among equally long ways on, the branch listed first wins. Returns the path and its expected
    minutes (``([], 0.0)`` when no outcome can be reached without a loop).
    """
    graph = step_graph(journey)
    back, post = _search_from_start(graph)
    if loops is not None:
        index = {sid: i for i, sid in enumerate(graph.ids)}
        given = [(index[a], index[b]) for a, b in loops]
        if set(given) != set(back):  # other loops than the search's own: search again without them
            back, post = given, _search_from_start(graph, set(given))[1]
    mean_time = [s.mean_time for s in journey.steps]
    path, length = _critical_path(graph, set(back), post, mean_time)
    return [graph.ids[i] for i in path], length


def _critical_path(graph: StepGraph, back: set[tuple[int, int]], post: list[int],
                   mean_time: list[float]) -> tuple[list[int], float]:
    """Longest path by dynamic programming over ``post`` (successors before their predecessors)."""
    starts, target = graph.branch_starts(), graph.target.tolist()
    terminal = graph.terminal.tolist()
    arc_wait = graph.wait.tolist() if graph.wait.any() else None
    longest: list[float | None] = [None] * graph.n
    choice = [-1] * graph.n
    for node in post:
        if terminal[node]:
            longest[node] = mean_time[node]
            continue
        best_len: float | None = None
        best_next = -1
        for e in range(starts[node], starts[node + 1]):
            w = target[e]
            if back and (node, w) in back:
                continue
            length = longest[w]
            if length is not None and arc_wait is not None:
                length += arc_wait[e]
            if length is not None and (best_len is None or length > best_len):
                best_len, best_next = length, w
        if best_len is not None:
            longest[node], choice[node] = mean_time[node] + best_len, best_next
    total = longest[graph.start]
    if total is None:
        return [], 0.0
    path = [graph.start]
    while choice[path[-1]] >= 0:
        path.append(choice[path[-1]])
    return path, total
