"""Generate large journeys for benchmarks: long chains with rework loops, branches and several outcomes.

The loop structure is chosen with ``loops``; every structure keeps the same steps, actors, times and exits, so
the journeys differ only in where their rework goes back to:

- ``local``: every tenth step goes back 1 to 8 steps (many small strongly connected components);
- ``spanning``: the local loops, plus every 500th step sends a case back to the first steps (start again from
  scratch), so one strongly connected component holds nearly every step;
- ``nested``: the local loops, plus loops nested like brackets: the k-th of them goes from step ``n-1-k*d`` back
  to step ``k*d``, each spanning most of what the one outside it spans;
- ``random``: every tenth step goes back to a step drawn uniformly from all earlier ones (spans of every
  length, crossing each other: the hardest structure for a sparse factorisation);
- ``outcomes``: the local loops, and every twentieth step can end the journey in an outcome of its own
  (about ``n / 20`` distinct outcomes).
"""

from __future__ import annotations

import random

#: The loop structures :func:`large_journey_yaml` can generate.
LOOP_STRUCTURES = ("local", "spanning", "nested", "random", "outcomes")


def large_journey_yaml(steps: int = 10_000, seed: int = 1, loops: str = "local") -> str:
    """YAML of a journey with ``steps`` steps (about 150 bytes of YAML per step, one line each).

    ``loops`` is one of :data:`LOOP_STRUCTURES`. With ``loops="local"`` the text is the same as the benchmark
    journey of earlier runs, so results stay comparable.
    """
    if loops not in LOOP_STRUCTURES:
        raise ValueError(f"loops must be one of {', '.join(LOOP_STRUCTURES)}, got {loops!r}")
    rng = random.Random(seed)
    actors = [("employer", "customer"), ("worker", "customer"), ("counter", "frontstage"),
              ("officer", "backstage"), ("bank", "partner")]
    stages = ["Prepare", "Submit", "Check", "Decide", "Pay"]
    channels = ["paper", "in_person", "online", "bank", "phone"]
    out = [
        "journey: large",
        f"title: Generated journey with {steps} steps" + ("" if loops == "local" else f" ({loops} loops)"),
        "time_unit: minutes",
        "actors:",
        *(f"  - {{id: {a}, name: {a.title()}, lane: {lane}}}" for a, lane in actors),
        f"stages: [{', '.join(stages)}]",
        "start: s0",
        "steps:",
    ]
    last = steps - 1
    nested = _nested_loops(steps) if loops == "nested" else {}
    extra_outcomes: list[str] = []
    for i in range(steps):
        # One flow-style line per step, about 150 bytes (the 10,000 steps in about 1.5 MB), as journeys
        # written by tools tend to be; every fifth step also names its stage and channel.
        fields = [
            f"id: s{i}",
            f"name: Step {i}",
            f"actor: {actors[i % len(actors)][0]}",
            f"duration: {{dist: triangular, min: {rng.randint(1, 10)}, mode: {rng.randint(11, 20)}, max: {rng.randint(21, 60)}}}",
        ]
        if i % 5 == 0:
            fields += [f"stage: {stages[min(i * len(stages) // steps, len(stages) - 1)]}",
                       f"channel: {channels[i % len(channels)]}"]
        if i % 3 == 0:
            fields.append(f"wait: {rng.randint(0, 600)}")
        if i % 7 == 0:
            fields.append(f"cost: {rng.randint(1, 5)}")
        fields.append('source: "assumption: generated"')
        if i == last:
            fields.append("outcome: success")
        elif i % 50 == 49 and steps > 50:
            fields.append(f"next: [{{to: s{i + 1}, p: 0.97}}, {{to: gave_up, p: 0.03}}]")
        elif i % 10 == 9:
            back = max(i - rng.randint(1, 8), 0)
            if loops == "random":
                back = rng.randrange(0, i + 1)
            fields.append(f"next: [{{to: s{i + 1}, p: 0.9}}, {{to: s{back}, p: 0.1}}]")
        elif loops == "spanning" and i % 500 == 498:
            fields.append(f"next: [{{to: s{i + 1}, p: 0.95}}, {{to: s{rng.randint(0, 3)}, p: 0.05}}]")
        elif i in nested:
            fields.append(f"next: [{{to: s{i + 1}, p: 0.95}}, {{to: s{nested[i]}, p: 0.05}}]")
        elif loops == "outcomes" and i % 20 == 4:
            extra_outcomes.append(f"ended_{i}")
            fields.append(f"next: [{{to: s{i + 1}, p: 0.99}}, {{to: ended_{i}, p: 0.01}}]")
        else:
            fields.append(f"next: s{i + 1}")
        out.append("  - {" + ", ".join(fields) + "}")
    if steps > 50:
        out += ["  - id: gave_up", "    name: The customer gave up", "    actor: employer",
                "    outcome: abandoned"]
    for name in extra_outcomes:
        out.append(f"  - {{id: {name}, name: Ended at {name[6:]}, actor: officer, outcome: {name}}}")
    return "\n".join(out) + "\n"


def _nested_loops(steps: int) -> dict[int, int]:
    """Nested loops: from step ``n-1-k*d`` back to step ``k*d``, for as many levels as fit (``d = n / 40``)."""
    d = max(steps // 40, 2)
    loops = {}
    for k in range(1, 20):
        frm, to = steps - 1 - k * d, k * d
        if frm - to < 2 * d:
            break
        if frm % 10 != 9 and frm % 50 != 49:  # keep the step's local loop or exit as it is
            loops[frm] = to
        elif frm - 1 > to:
            loops[frm - 1] = to
    return loops


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    structure = sys.argv[2] if len(sys.argv) > 2 else "local"
    sys.stdout.write(large_journey_yaml(size, loops=structure))
