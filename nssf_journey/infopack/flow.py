"""The usual way through a journey as a reader follows it: steps in order, alternatives as choices.

A guide that numbers every step of the usual way in one sequence turns alternatives into a list of things to do
one after the other ("2. Pay at the bank. 3. Pay online. 4. A second person approves."). Here the usual steps
are put in the shape a reader needs: a sequence of blocks, where a block is one step or a :class:`Choice` among
options (each option a sequence of blocks), and a choice with an empty option is something that happens only
sometimes ("If there are problems, a doctor may send you to a bigger hospital").

The shape comes from the journey's graph: the usual steps and their branches to each other (rework that goes
back to an earlier step is left out, and every success outcome is one end). Where a step branches, the options
run until the branches meet again: the step's immediate post-dominator, the first step every continuation
passes through. A step shown in an earlier option is not repeated in a later one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Union

import networkx as nx

from ..model import Journey

#: The end node of the graph of usual steps (every success outcome).
END = "\0end"


@dataclass(frozen=True)
class Choice:
    """Alternatives: each option is a sequence of blocks; ``optional`` when one may also do none of them."""

    options: tuple[tuple["Block", ...], ...]
    optional: bool = False


Block = Union[str, Choice]


def usual_graph(journey: Journey, usual: Iterable[str]) -> nx.DiGraph:
    """The usual steps, their branches to each other and to :data:`END`, without branches that go back.

    Branches are explored from the most likely to the least likely; a branch that closes a cycle is rework and
    is dropped. A usual step that leads nowhere usual ends at :data:`END`.
    """
    ids = list(usual)
    keep = set(ids)
    g = nx.DiGraph()
    g.add_nodes_from(ids + [END])
    for sid in ids:
        s = journey.step(sid)
        if s.is_terminal:
            g.add_edge(sid, END, p=1.0)
        for b in sorted(s.next, key=lambda b: -b.p):
            if b.to in keep:
                g.add_edge(sid, b.to, p=b.p)
            else:
                t = journey.step(b.to)
                if t.is_terminal and journey.outcome(t.outcome).is_success:
                    g.add_edge(sid, END, p=b.p)
    start = journey.start if journey.start in keep else (ids[0] if ids else END)
    # Drop back edges found by a depth-first search from the start, most likely branch first.
    state: dict[str, int] = {}
    back = []
    for root in [start] + ids:
        if root in state:
            continue
        stack = [(root, iter(_ordered(g, root)))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                back.append((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(_ordered(g, nxt))))
    g.remove_edges_from(back)
    while True:  # steps that reach no end: their dead ends end the journey's usual way
        reach = nx.ancestors(g, END)
        sinks = [n for n in ids if n not in reach and g.out_degree(n) == 0]
        if not sinks:
            break
        g.add_edges_from((n, END, {"p": 0.0}) for n in sinks)
    g.graph["start"] = start
    return g


def _ordered(g: nx.DiGraph, node: str) -> list[str]:
    return sorted(g.successors(node), key=lambda n: -g.edges[node, n].get("p", 0.0))


def step_blocks(journey: Journey, usual: Iterable[str]) -> tuple[Block, ...]:
    """The usual steps as a sequence of steps and choices.

    Examples
    --------
    >>> from nssf_journey import parse_journey
    >>> j = parse_journey('''
    ... journey: pay
    ... title: Pay
    ... actors: [{id: e, name: Employer, lane: customer}]
    ... start: fill
    ... steps:
    ...   - {id: fill, name: Fill, actor: e, next: [{to: bank, p: 0.9}, {to: web, p: 0.1}]}
    ...   - {id: bank, name: Bank, actor: e, next: drop}
    ...   - {id: drop, name: Drop, actor: e, outcome: success}
    ...   - {id: web, name: Web, actor: e, next: approve}
    ...   - {id: approve, name: Approve, actor: e, outcome: success_online}
    ... ''')
    >>> step_blocks(j, ["fill", "bank", "web", "approve"])
    ('fill', Choice(options=(('bank',), ('web', 'approve')), optional=False))
    """
    g = usual_graph(journey, usual)
    if len(g) <= 1:
        return ()
    ipdom = nx.immediate_dominators(g.reverse(copy=True), END)
    seen: set[str] = set()
    return tuple(_sequence(g, ipdom, g.graph["start"], END, seen))


def _sequence(g: nx.DiGraph, ipdom: dict[str, str], node: str, stop: str, seen: set[str]) -> list[Block]:
    out: list[Block] = []
    while node != stop and node != END and node not in seen:
        seen.add(node)
        out.append(node)
        succ = _ordered(g, node)
        if len(succ) == 1:
            node = succ[0]
            continue
        meet = ipdom.get(node, END)
        options: list[tuple[Block, ...]] = []
        optional = False
        for s in succ:
            option = () if s == meet else tuple(_sequence(g, ipdom, s, meet, seen))
            if option:
                options.append(option)
            else:
                optional = True
        if len(options) == 1 and not optional:
            out.extend(options[0])
        elif options:
            out.append(Choice(tuple(options), optional))
        node = meet
    return out


def flatten(blocks: Iterable[Block]) -> Iterator[str]:
    """Every step id of ``blocks``, in reading order."""
    for b in blocks:
        if isinstance(b, Choice):
            for option in b.options:
                yield from flatten(option)
        else:
            yield b


def block_numbers(blocks: Iterable[Block]) -> dict[str, int]:
    """The number (from 1) of the top-level block each step is shown in."""
    out: dict[str, int] = {}
    for i, b in enumerate(blocks, start=1):
        for sid in flatten([b]):
            out.setdefault(sid, i)
    return out
