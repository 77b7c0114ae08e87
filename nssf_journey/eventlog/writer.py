"""A journey as a YAML journey file: readable, in the journey's unit, and loading back to the same journey.

Numbers are written with 12 significant digits at most (probabilities of a discovered journey are decimals that
sum to exactly 1), distributions in flow style on one line, texts in double quotes. The log a discovered journey
cites is the journey's own ``bibliography``, so the file validates with ``--strict`` wherever it is.
"""

from __future__ import annotations

import json
from typing import Iterable

from ..distributions import (Distribution, Empirical, Exponential, Fixed, Lognormal, Normal, Quantiles, Triangular,
                             Uniform)
from ..loading.data import Source
from ..model import WEEKDAYS, Journey, ParameterSource, Step
from ..units import MINUTES_PER


def number(x: float) -> str:
    """A number as YAML reads it back: at most 12 significant digits, integers without a point.

    >>> number(0.8401000000000001), number(3.0), number(1e-05), number(123456789012345.0)
    ('0.8401', '3', '1.0e-05', '1.23456789012e+14')
    """
    text = f"{float(x):.12g}"
    if "e" in text and "." not in text.split("e")[0]:
        text = text.replace("e", ".0e")
    if "e" in text and "." in text.split("e")[0] and text.split("e")[0].endswith("."):
        text = text.replace(".e", ".0e")
    return text


def _text(value: object) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def _numbers(values: Iterable[float], scale: float = 1.0) -> str:
    return "[" + ", ".join(number(v / scale) for v in values) + "]"


def duration(d: Distribution, scale: float) -> str:
    """A duration in YAML, in the unit of ``scale`` minutes."""
    if isinstance(d, Fixed):
        return number(d.value / scale)
    if isinstance(d, Quantiles):
        mean = "" if d.mean_value is None else f", mean: {number(d.mean_value / scale)}"
        return f"{{dist: quantiles, p: {_numbers(d.probabilities)}, values: {_numbers(d.values, scale)}{mean}}}"
    if isinstance(d, Empirical):
        weights = "" if d.weights is None else f", weights: {_numbers(d.weights)}"
        return f"{{dist: empirical, values: {_numbers(d.values, scale)}{weights}}}"
    if isinstance(d, Exponential):
        return f"{{dist: exponential, mean: {number(d.mean_value / scale)}}}"
    if isinstance(d, Uniform):
        return f"{{dist: uniform, min: {number(d.low / scale)}, max: {number(d.high / scale)}}}"
    if isinstance(d, Triangular):
        return (f"{{dist: triangular, min: {number(d.low / scale)}, mode: {number(d.mode / scale)},"
                f" max: {number(d.high / scale)}}}")
    if isinstance(d, (Normal, Lognormal)):
        return f"{{dist: {d.kind}, mean: {number(d.mean_value / scale)}, sd: {number(d.sd_value / scale)}}}"
    raise ValueError(f"cannot write a {type(d).__name__} duration")


def _is_zero(d: Distribution | None) -> bool:
    return d is None or (type(d) is Fixed and d.value == 0)


def _sources(sources: tuple[ParameterSource, ...], indent: str) -> list[str]:
    if not sources:
        return []
    texts = {s.text for s in sources}
    evidence = {s.evidence for s in sources}
    if len(texts) == 1 and len(evidence) == 1:
        return [f"{indent}source: {_text(sources[0].text)}", f"{indent}evidence: {sources[0].evidence}"]
    src = ", ".join(f"{s.field}: {_text(s.text)}" for s in sources)
    ev = ", ".join(f"{s.field}: {s.evidence}" for s in sources)
    return [f"{indent}source: {{{src}}}", f"{indent}evidence: {{{ev}}}"]


def _step(s: Step, scale: float) -> list[str]:
    i = "    "
    out = [f"  - id: {s.id}", f"{i}name: {_text(s.name)}", f"{i}actor: {s.actor}"]
    if len(s.log_activity) == 1:
        out.append(f"{i}log_activity: {_text(s.log_activity[0])}")
    elif s.log_activity:
        out.append(f"{i}log_activity: [{', '.join(_text(a) for a in s.log_activity)}]")
    if s.description:
        out.append(f"{i}description: {_text(s.description)}")
    for key in ("stage", "channel"):
        if getattr(s, key):
            out.append(f"{i}{key}: {_text(getattr(s, key))}")
    if not _is_zero(s.duration):
        out.append(f"{i}duration: {duration(s.duration, scale)}")
    if not _is_zero(s.wait):
        out.append(f"{i}wait: {duration(s.wait, scale)}")
    if s.wait_reason != "service":
        out.append(f"{i}wait_reason: {s.wait_reason}")
    if s.cost:
        out.append(f"{i}cost: {number(s.cost)}")
    if s.resource:
        out.append(f"{i}resource: {s.resource}")
    if s.patience is not None:
        out.append(f"{i}patience: {duration(s.patience, scale)}")
    out += _sources(s.sources, i)
    if s.outcome is not None:
        out.append(f"{i}outcome: {s.outcome}")
    elif len(s.next) == 1 and s.next[0].p == 1 and not s.next[0].has_wait:
        out.append(f"{i}next: {s.next[0].to}")
    else:
        out.append(f"{i}next:")
        for b in s.next:
            wait = f", wait: {duration(b.wait, scale)}" if b.has_wait else ""
            out.append(f"{i}  - {{to: {b.to}, p: {number(b.p)}{wait}}}")
    return out


def _ranges(values: tuple[float, ...], first: int = 0) -> list[tuple[str, float]]:
    """Equal neighbours merged: ``[(\"00-07\", 0.0), (\"07\", 1.2), ...]`` (hours: ``from-to``, to excluded).

    >>> _ranges((0.0, 0.0, 1.5, 2.0))
    [('00-02', 0.0), ('02', 1.5), ('03', 2.0)]
    """
    out, k = [], 0
    while k < len(values):
        j = k
        while j + 1 < len(values) and values[j + 1] == values[k]:
            j += 1
        key = f"{k + first:02d}" if j == k else f"{k + first:02d}-{j + 1 + first:02d}"
        out.append((key, values[k]))
        k = j + 1
    return out


def to_yaml(journey: Journey, *, bibliography: Iterable[Source] = (), header: str = "") -> str:
    """The journey file of ``journey`` (times in its ``time_unit``), with its own bibliography and ``bibliography``.

    Examples
    --------
    >>> from nssf_journey import parse_journey
    >>> j = parse_journey('''
    ... journey: demo
    ... title: Demo
    ... time_unit: hours
    ... actors: [{id: w, name: Worker, lane: customer}]
    ... start: ask
    ... steps:
    ...   - {id: ask, name: Ask, actor: w, duration: "90 min", source: "assumption: demo",
    ...      next: [{to: done, p: 0.75, wait: "1 d"}, {to: ask, p: 0.25}]}
    ...   - {id: done, name: Done, actor: w, outcome: success}
    ... ''')
    >>> print(to_yaml(j).split("steps:")[1])
    <BLANKLINE>
      - id: ask
        name: "Ask"
        actor: w
        duration: 1.5
        source: "assumption: demo"
        evidence: assumed
        next:
          - {to: done, p: 0.75, wait: 24}
          - {to: ask, p: 0.25}
      - id: done
        name: "Done"
        actor: w
        outcome: success
    <BLANKLINE>
    """
    scale = MINUTES_PER[journey.time_unit]
    out = [f"# {line}" if line else "#" for line in header.splitlines()]
    out += ["format: 1", f"journey: {journey.id}", f"title: {_text(journey.title)}"]
    if journey.description:
        out.append(f"description: {_text(journey.description)}")
    out.append(f"time_unit: {journey.time_unit}")
    entries = list({b.id: b for b in (*journey.bibliography, *bibliography)}.values())
    if entries:
        lines = []
        for b in entries:
            lines.append(f"  - id: {b.id}")
            lines.append(f"    title: {_text(b.title)}")
            if b.year:
                lines.append(f"    year: {b.year}")
            if b.notes:
                lines.append(f"    notes: {_text(b.notes)}")
        out += ["bibliography:"] + lines
    out.append("actors:")
    for a in journey.actors:
        role = f", role: {a.role}" if a.role else ""
        out.append(f"  - {{id: {a.id}, name: {_text(a.name)}, lane: {a.lane}{role}}}")
    if journey.outcomes:
        out.append("outcomes:")
        for o in journey.outcomes.values():
            desc = f", description: {_text(o.description)}" if o.description else ""
            out.append(f"  {o.id}: {{kind: {o.kind}, name: {_text(o.name or o.id)}{desc}}}")
    arr = journey.arrivals
    if arr is not None:
        out += ["arrivals:", f"  every: {duration(arr.every, scale)}", f"  start: {arr.start:%Y-%m-%d %H:%M}"]
        profile = []
        if any(v != 1.0 for v in arr.profile.hours):
            profile.append("    hours: {" + ", ".join(f'"{k}": {number(v)}' for k, v in _ranges(arr.profile.hours)) + "}")
        if any(v != 1.0 for v in arr.profile.weekdays):
            profile.append("    weekdays: {" + ", ".join(f"{d}: {number(v)}" for d, v in
                                                        zip(WEEKDAYS, arr.profile.weekdays)) + "}")
        if profile:
            out += ["  profile:"] + profile
        if arr.source is not None:
            out += [f"  source: {_text(arr.source.text)}", f"  evidence: {arr.source.evidence}"]
    if journey.event_log is not None:
        ref = journey.event_log
        options = ref.read_options()
        if options:
            out.append("event_log: {" + ", ".join(f"{k}: {_text(v)}" for k, v in {"file": ref.file, **options}.items())
                       + "}")
        else:
            out.append(f"event_log: {_text(ref.file)}")
    speed = journey.case_speed
    if speed is not None:
        out += ["case_speed:", f"  shared: {number(speed.shared)}", f"  carried: {number(speed.carried)}"]
        if speed.source is not None:
            out += [f"  source: {_text(speed.source.text)}", f"  evidence: {speed.source.evidence}"]
    out.append(f"start: {journey.start}")
    out.append("steps:")
    for s in journey.steps:
        out += _step(s, scale)
    return "\n".join(out) + "\n"
