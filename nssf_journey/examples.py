"""Small journeys for examples: one place for the journeys that docstrings and tutorials use.

Each function returns a validated :class:`~nssf_journey.model.Journey` parsed from a few lines of YAML (the
format of ``docs/format.md``), so an example says which journey it uses in one line (``one_step(duration="2 h")``)
instead of repeating the YAML, and reads on its own.

- :func:`one_step`: one step, then success: the smallest journey there is;
- :func:`rework`: one step done again with probability ``p`` (a rework loop);
- :func:`fork`: one step that ends in success or in a rejection;
- :func:`counter`: cases that arrive and queue for a counter (an M/M/c queue with exponential times);
- :func:`example_text`: the YAML text of any of them, for examples of reading a journey.

Times are minutes unless a value names its unit (``"2 h"``).
"""

from __future__ import annotations

from .model import Journey

_WORKER = "actors: [{id: w, name: Worker, lane: customer}]"
_SOURCE = 'source: "assumption: example"'


def _parse(text: str) -> Journey:
    from .loading.loader import parse_journey

    return parse_journey(text)


def _one_step(duration: object = 20, deadline: str | None = None) -> str:
    head = f"deadline: {deadline}\n{_SOURCE}\n" if deadline else ""
    return (f"journey: one_step\ntitle: One step\n{_WORKER}\nstart: ask\n{head}steps:\n"
            f"  - {{id: ask, name: Ask, actor: w, duration: {duration}, next: done, {_SOURCE}}}\n"
            "  - {id: done, name: Answered, actor: w, outcome: success}\n")


def _rework(p: float = 0.25, duration: object = 10) -> str:
    return (f"journey: rework\ntitle: Rework\n{_WORKER}\nstart: fill\nsteps:\n"
            f"  - {{id: fill, name: Fill the form, actor: w, duration: {duration}, {_SOURCE},\n"
            f"     next: [{{to: fill, p: {p:g}}}, {{to: done, p: {1 - p:g}}}]}}\n"
            "  - {id: done, name: Accepted, actor: w, outcome: success}\n")


def _fork(rejected: float = 0.3) -> str:
    return (f"journey: fork\ntitle: Fork\n{_WORKER}\nstart: apply\nsteps:\n"
            f"  - {{id: apply, name: Apply, actor: w, duration: 10, {_SOURCE},\n"
            f"     next: [{{to: rejected, p: {rejected:g}}}, {{to: paid, p: {1 - rejected:g}}}]}}\n"
            "  - {id: rejected, name: Rejected, actor: w, outcome: rejected}\n"
            "  - {id: paid, name: Paid, actor: w, outcome: success}\n")


def _counter(servers: int = 1, every: float = 10, service: float = 8) -> str:
    return (f"journey: counter\ntitle: Counter\n{_WORKER}\n"
            f"resources: [{{id: counter, capacity: {servers}, {_SOURCE}}}]\n"
            f"arrivals: {{every: {{dist: exponential, mean: {every:g}}}, {_SOURCE}}}\n"
            "start: serve\nsteps:\n"
            f"  - {{id: serve, name: Serve, actor: w, resource: counter, duration: {{dist: exponential, mean: "
            f"{service:g}}}, next: done, {_SOURCE}}}\n"
            "  - {id: done, name: Served, actor: w, outcome: success}\n")


def example_text(name: str, **params: object) -> str:
    """The YAML text of the example journey ``name`` (``one_step``, ``rework``, ``fork`` or ``counter``), with the
    parameters of its function: for examples of reading a journey from text.

    >>> print(example_text("fork", rejected=0.25), end="")
    journey: fork
    title: Fork
    actors: [{id: w, name: Worker, lane: customer}]
    start: apply
    steps:
      - {id: apply, name: Apply, actor: w, duration: 10, source: "assumption: example",
         next: [{to: rejected, p: 0.25}, {to: paid, p: 0.75}]}
      - {id: rejected, name: Rejected, actor: w, outcome: rejected}
      - {id: paid, name: Paid, actor: w, outcome: success}
    """
    texts = {"one_step": _one_step, "rework": _rework, "fork": _fork, "counter": _counter}
    if name not in texts:
        raise ValueError(f"no example journey '{name}' (examples: {', '.join(texts)})")
    return texts[name](**params)  # type: ignore[operator]


def one_step(duration: object = 20, *, deadline: str | None = None) -> Journey:
    """``ask`` (one step of ``duration``) then ``done`` (success); with ``deadline``, a deadline for the journey.

    ``duration`` is anything the format accepts: ``20``, ``"2 h"`` or ``"{dist: uniform, min: 0, max: 120}"``.

    >>> j = one_step(duration="2 h")
    >>> [s.id for s in j.steps], j.step("ask").duration.mean
    (['ask', 'done'], 120.0)
    """
    return _parse(_one_step(duration, deadline))


def rework(p: float = 0.25, *, duration: object = 10) -> Journey:
    """``fill`` (``duration``), done again with probability ``p`` (the loop is its first branch), then ``done``.

    Filling is done ``1 / (1 - p)`` times on average.

    >>> j = rework(p=0.2)
    >>> [(b.to, b.p) for b in j.step("fill").next]
    [('fill', 0.2), ('done', 0.8)]
    """
    return _parse(_rework(p, duration))


def fork(rejected: float = 0.3) -> Journey:
    """``apply`` (10 minutes), then ``rejected`` (a failure) with probability ``rejected``, else ``paid``.

    >>> [s.outcome for s in fork().steps]
    [None, 'rejected', 'success']
    """
    return _parse(_fork(rejected))


def counter(servers: int = 1, *, every: float = 10, service: float = 8) -> Journey:
    """Cases arrive on average ``every`` minutes (exponential gaps) and are served at a counter with ``servers``
    servers, each taking ``service`` minutes on average (exponential): the M/M/c queue of queueing theory.

    >>> j = counter(servers=2, every=5, service=8)
    >>> j.resource_by_id["counter"].capacity, j.arrivals.every.mean, j.step("serve").duration.mean
    (2, 5.0, 8.0)
    """
    return _parse(_counter(servers, every, service))


__all__ = ["counter", "example_text", "fork", "one_step", "rework"]
