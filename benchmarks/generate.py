"""Generate large journeys for benchmarks: long chains with rework loops, branches and several outcomes."""

from __future__ import annotations

import random


def large_journey_yaml(steps: int = 10_000, seed: int = 1) -> str:
    """YAML of a journey with ``steps`` steps (about 150 bytes of YAML per step, one line each), loops and several outcomes."""
    rng = random.Random(seed)
    actors = [("employer", "customer"), ("worker", "customer"), ("counter", "frontstage"),
              ("officer", "backstage"), ("bank", "partner")]
    stages = ["Prepare", "Submit", "Check", "Decide", "Pay"]
    channels = ["paper", "in_person", "online", "bank", "phone"]
    out = [
        "journey: large",
        f"title: Generated journey with {steps} steps",
        "time_unit: minutes",
        "actors:",
        *(f"  - {{id: {a}, name: {a.title()}, lane: {lane}}}" for a, lane in actors),
        f"stages: [{', '.join(stages)}]",
        "start: s0",
        "steps:",
    ]
    last = steps - 1
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
            fields.append(f"next: [{{to: s{i + 1}, p: 0.9}}, {{to: s{max(i - rng.randint(1, 8), 0)}, p: 0.1}}]")
        else:
            fields.append(f"next: s{i + 1}")
        out.append("  - {" + ", ".join(fields) + "}")
    if steps > 50:
        out += ["  - id: gave_up", "    name: The customer gave up", "    actor: employer",
                "    outcome: abandoned"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(large_journey_yaml(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
