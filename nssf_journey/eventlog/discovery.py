"""A journey from an event log: one step per activity, every number measured.

The log's cases become an absorbing Markov chain whose numbers are the log's own:

- **steps**: one per activity (its name is the step's name); a case's events are taken in order of completion,
  as for its variant;
- **branches**: from each activity to the activities that directly follow it, with probability
  ``count(a -> b) / count(a)``; the cases that end after ``a`` go to an outcome step with the rest. Then the
  expected visits of each step equal the activity's events per case exactly, and the outcome probabilities
  the shares of the end activities (flow conservation: every event is followed by one event or by the end);
- **times**: the wait on the branch ``a -> b`` is the time from the completion of ``a`` to the start of ``b``,
  measured on each such pair (the wait into T02 of receipt.csv is 0.84 days after the confirmation, 3.07 after
  T10); the step's active time is from its start to its completion. When activities overlap, the overlap is
  counted once, in the earlier one, so that the times of a case add up to its duration and the mean lead time of
  the journey is the log's mean case duration;
- **distributions**: the measured values, compactly (:mod:`~nssf_journey.eventlog.fit`);
- **actors**: each activity's most frequent resource (or another column read as the resource);
- **arrivals**: the case start times, as a base rate with multipliers by hour of day and weekday (local time);
- **case speed**: how the waits of one case go together (:mod:`~nssf_journey.eventlog.case_speed`), so that a
  simulation's fast cases are fast at every step as the log's are; every wait keeps its measured distribution;
- **memory**, when asked: steps split by what came before (:mod:`~nssf_journey.eventlog.history`) and by classes
  of cases drawn at the start (:mod:`~nssf_journey.eventlog.case_classes`); the mean stays exact.

``min_share`` drops branches taken less often than that share of the time from their step (and the steps
nothing leads to any more); the result says how many cases followed a dropped branch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import numpy as np

from ..distributions import ZERO, Distribution, Exponential, Fixed
from ..loading.data import Source
from ..model import (LANES, Actor, ArrivalProfile, Arrivals, Branch, CaseSpeed, Journey, Outcome, ParameterSource,
                     Step)
from .case_classes import case_classes
from .case_speed import estimate_case_speed
from .history import MIN_EVENTS, with_history
from ..units import MINUTES_PER
from .fit import exact_shares, fit, significant
from .summary import NS_PER_MINUTE, auto_unit, case_bounds
from .table import EventLog

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, taken: set[str] | None = None) -> str:
    """A step or actor id from a name: lowercase letters, digits and ``_``, unique among ``taken``.

    >>> slug("T02 Check confirmation of receipt"), slug("2nd check"), slug("Tâche", {"t_che"})
    ('t02_check_confirmation_of_receipt', 'a_2nd_check', 't_che_2')
    """
    base = _SLUG.sub("_", text.lower()).strip("_")[:60].strip("_") or "step"
    if not base[0].isalpha():
        base = "a_" + base
    out, k = base, 2
    while taken is not None and out in taken:
        out, k = f"{base}_{k}", k + 1
    if taken is not None:
        taken.add(out)
    return out


def log_source(log: EventLog, source_id: str | None = None) -> Source:
    """The bibliography entry that cites the log: its file, number of cases and period.

    Its id is ``log-`` and the file's name; every number of a discovered journey names it.
    """
    name = Path(log.source).name if "://" not in log.source else log.source
    stem = re.sub(r"\.(xes\.gz|xes|csv|parquet)$", "", name, flags=re.I)
    first, last = log.period()
    cases = case_bounds(log.case_codes)[0].size
    notes = f"{name}, {cases:,} cases, {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    return Source(id=source_id or "log-" + _SLUG.sub("-", stem.lower()).strip("-"), title=f"Event log {name}",
                  year=last.year, notes=notes)


@dataclass(frozen=True)
class Discovery:
    """A discovered journey and what ``min_share`` left out."""

    journey: Journey
    dropped_branches: int = 0
    dropped_activities: int = 0
    cases_left_out: int = 0
    cases: int = 0
    notes: tuple[str, ...] = field(default=())


def discover(log: EventLog, **options) -> Journey:
    """The journey of an event log (see the module docstring); options as for :func:`discover_journey`.

    Examples
    --------
    >>> hour = 3_600 * 10**9
    >>> log = EventLog(case_codes=np.array([0, 0, 1, 1, 1]), case_names=["1", "2"],
    ...                activity_codes=np.array([0, 1, 0, 0, 1]), activities=["ask", "pay"],
    ...                end_ns=np.array([9, 10, 33, 35, 36]) * hour, source="claims.csv", naive=True)
    >>> j = discover(log, arrivals=False)
    >>> [(b.to, b.p) for b in j.step("ask").next]
    [('pay', 0.666666666667), ('ask', 0.333333333333)]
    >>> from nssf_journey import analyze
    >>> round(analyze(j).lead_time_mean / 60, 9)  # hours: the mean case duration, (1 + 3) / 2
    2.0
    """
    return discover_journey(log, **options).journey


def discover_journey(log: EventLog, *, journey_id: str | None = None, title: str | None = None,
                     min_share: float = 0.0, outcomes: Mapping[str, str] | None = None,
                     lanes: Mapping[str, str] | None = None, arrivals: bool = True, time_unit: str | None = None,
                     source_id: str | None = None, case_speed: bool = True, history: str = "none",
                     classes: tuple[str, ...] = (), min_events: int = MIN_EVENTS) -> Discovery:
    """Discover the journey of ``log``.

    Parameters
    ----------
    journey_id, title : str, optional
        Default: from the log's file name.
    min_share : float
        Drop branches taken less often than this share of a step's exits (0: keep all, exact).
    outcomes : mapping, optional
        End activity -> outcome id (``success``, ``failure``, ``rejected``, ...); ids ``success`` and
        ``success_*`` are successes, any other a failure. Unclassified end activities get their own outcome,
        taken as a success, which its description says.
    lanes : mapping, optional
        Resource (actor) value or id -> lane (``customer``, ``frontstage``, ``backstage``, ``partner``);
        default ``backstage``: a case system records the work of staff.
    arrivals : bool
        Write ``arrivals`` from the case start times (used by queueing simulation).
    time_unit : str, optional
        The unit of the file (default: the one in which the median case duration reads best).
    source_id : str, optional
        The id the journey's numbers cite (default ``log-<file name>``).
    case_speed : bool
        Measure how the waits of a case go together and write it as the journey's ``case_speed``.
    history : {"none", "previous", "done"}
        Split each activity's step by what came before it (:mod:`~nssf_journey.eventlog.history`): by the
        previous activity, or by the set of activities done; each step names its activity as ``log_activity``.
    classes : tuple of {"outcome", "pace"}
        Classes of cases drawn at the start, each with its own copy of the steps
        (:mod:`~nssf_journey.eventlog.case_classes`): by the outcome the case ends with, and by whether it is
        handled in one sitting or waits long at least once.
    min_events : int
        A history with fewer events falls back to a shorter one (:mod:`~nssf_journey.eventlog.history`); 1 keeps
        every history; default :data:`~nssf_journey.eventlog.history.MIN_EVENTS`.
    """
    if not 0 <= min_share < 1:
        raise ValueError(f"min_share must be in [0, 1), got {min_share}")
    marked, mark_note = outcome_marks(log)
    outcomes = {**marked, **dict(outcomes or {})}
    lanes = dict(lanes or {})
    unknown = [a for a in outcomes if a not in log.activities]
    if unknown:
        raise ValueError(f"--outcome: no activity {unknown[0]!r} in the log")
    bad_lane = [v for v in lanes.values() if v not in LANES]
    if bad_lane:
        raise ValueError(f"--lane: expected one of {', '.join(LANES)}, got {bad_lane[0]!r}")
    activities = log.activities
    cite = log_source(log, source_id)
    found_classes = None
    if classes:
        found_classes = case_classes(log, tuple(classes), _case_outcomes(log, outcomes), _waits(log))
    log_states, base_of, history_text = with_history(log, history, classes=found_classes, min_events=min_events)
    remembers = log_states is not log
    log = log_states
    names = log.activities
    k = len(names)
    c, a = log.case_codes, log.activity_codes
    e, s = log.end_ns, log.start_ns
    first, last = case_bounds(c)
    n_cases = first.size
    is_first = np.zeros(c.size, bool)
    is_first[first] = True
    wait, active = _waits(log), _active(log)
    moves = ~is_first[1:]
    src, dst = a[:-1][moves], a[1:][moves]
    move_wait, move_case = wait[1:][moves], c[1:][moves]
    occurrences = np.bincount(a, minlength=k)
    ends = np.bincount(a[last], minlength=k)
    starts = np.bincount(a[first], minlength=k)
    pair = src.astype(np.int64) * k + dst
    pair_count = np.bincount(pair, minlength=k * k).reshape(k, k)

    # --- which branches to keep
    keep = pair_count > 0
    keep_end = ends > 0
    keep_start = starts > 0
    if min_share > 0:
        keep &= pair_count >= min_share * occurrences[:, None]
        keep_end &= ends >= min_share * occurrences
        keep_start &= starts >= min_share * n_cases
        _repair(keep, keep_end, keep_start, pair_count, ends, starts)
    dropped = int(((pair_count > 0) & ~keep).sum() + ((ends > 0) & ~keep_end).sum() + ((starts > 0) & ~keep_start).sum())
    reached = _reachable(keep, keep_start)
    keep &= reached[:, None] & reached[None, :]
    keep_end &= reached
    gone = int((~reached).sum())
    left_out = np.zeros(int(c.max()) + 1 if c.size else 0, bool)
    left_out[move_case[~keep[src, dst]]] = True
    left_out[c[first][~keep_start[a[first]]]] = True
    left_out[c[last][~keep_end[a[last]]]] = True

    # --- units, sources, actors
    durations = (e[last] - s[first]) / NS_PER_MINUTE
    unit = time_unit or auto_unit(float(np.median(durations)))
    scale = MINUTES_PER[unit]
    source_text = f"{cite.id}: {cite.notes}"

    def sourced(*fields: str) -> tuple[ParameterSource, ...]:
        return tuple(ParameterSource(f, source_text, "measured") for f in fields)

    actor_of, actors = _actors(log, names, lanes)
    step_ids: set[str] = set()
    ids = {x: slug(names[x], step_ids) for x in range(k) if reached[x]}
    outcome_ids: dict[int, str] = {}
    declared: dict[str, Outcome] = {}
    for x in np.flatnonzero(keep_end):
        value = outcomes.get(activities[base_of[x]], "")
        # an unclassified end is named by its activity (not by its history: how a case ended, not how it got there)
        oid = slug(value) if value else (slug(activities[base_of[x]]) if remembers else ids[x])
        kind = ("success" if oid == "success" or oid.startswith("success_") else "failure") if value else "success"
        outcome_ids[x] = oid
        if oid not in declared:
            text = "" if value else (f"Not classified: taken as a success. Classify it with"
                                     f" --outcome '{activities[base_of[x]]}=failure' (or success).")
            declared[oid] = Outcome(oid, kind, f"Ended after {activities[base_of[x]]}", text)

    # --- steps
    steps: list[Step] = []
    end_steps: list[Step] = []
    order = _order(keep, keep_start, pair_count, starts)
    for x in order:
        exits = [(int(y), int(pair_count[x, y])) for y in np.flatnonzero(keep[x])]
        exits.sort(key=lambda t: (-t[1], t[0]))
        ends_here = bool(keep_end[x])
        fields = []
        duration = fit(active[a == x], scale) if log.has_start else ZERO
        if not _is_zero(duration):
            fields.append("duration")
        description = f"{int(occurrences[x]):,} events, {occurrences[x] / n_cases:.3g} per case."
        if remembers:
            description = f"{history_text[x]} {description}"
        stands_for = (activities[base_of[x]],) if remembers else ()
        if ends_here and not exits:  # every case that gets here ends here
            steps.append(Step(id=ids[x], name=names[x], actor=actor_of[x], duration=duration,
                              outcome=outcome_ids[x], sources=sourced(*fields), description=description,
                              log_activity=stands_for))
            continue
        counts = [n for _, n in exits] + ([int(ends[x])] if ends_here else [])
        shares = exact_shares(counts)
        branches = []
        for (y, _), p in zip(exits, shares):
            sel = (src == x) & (dst == y)
            branches.append(Branch(ids[y], p, _as_wait(fit(move_wait[sel], scale))))
        if ends_here:
            end_id = slug(f"end {names[x]}", step_ids)
            branches.append(Branch(end_id, shares[-1]))
            end_steps.append(Step(id=end_id, name=f"Case ends after {names[x]}", actor=actor_of[x],
                                  outcome=outcome_ids[x]))
        fields.append("next")
        steps.append(Step(id=ids[x], name=names[x], actor=actor_of[x], duration=duration, next=tuple(branches),
                          sources=sourced(*fields), description=description, log_activity=stands_for))
    start_codes = [int(x) for x in np.flatnonzero(keep_start)]
    if len(start_codes) == 1:
        start = ids[start_codes[0]]
    else:
        start_codes.sort(key=lambda x: (-starts[x], x))
        start = slug("case start", step_ids)
        shares = exact_shares([int(starts[x]) for x in start_codes])
        steps.insert(0, Step(id=start, name="Case starts", actor=actor_of[start_codes[0]],
                             next=tuple(Branch(ids[x], p) for x, p in zip(start_codes, shares)),
                             sources=sourced("next"), description="Where cases start, by their first activity."))
    steps.extend(end_steps)
    first_time, last_time = log.period()
    description = (f"Discovered from the event log {cite.notes}: every number is measured on it"
                   f"{' (timestamps without a time zone, taken as local time)' if log.naive else ''}.")
    if found_classes is not None and len(found_classes.names) > 1:
        shares = np.bincount(found_classes.of_case, minlength=len(found_classes.names)) / n_cases
        description += (" Each case is drawn at its start into a class with its own copy of the steps: "
                        + "; ".join(f"{name} ({share:.1%})" for name, share in zip(found_classes.names, shares))
                        + (f" (a long wait: more than {found_classes.long_wait:.3g} minutes)"
                           if found_classes.long_wait is not None else "") + ".")
    if dropped:
        left = f" and {gone:,} activities nothing led to any more" if gone else ""
        description += (f" Branches taken less than {min_share:.1%} of the time were left out ({dropped:,}){left};"
                        f" {int(left_out.sum()):,} of {n_cases:,} cases took one of them.")
    speed = None
    if case_speed:
        kept = keep[src, dst]
        found = estimate_case_speed(move_case[kept], pair[kept], move_wait[kept])
        if found is not None:
            speed = CaseSpeed(found.shared, found.carried, ParameterSource(
                "case_speed", f"{source_text}; rank correlation of the waits of a case, {found.pairs:,} pairs",
                "measured"))
    stem = re.sub(r"^log-", "", cite.id)
    journey = Journey(
        id=journey_id or slug(stem),
        title=title or f"{stem.replace('-', ' ').capitalize()} (from its event log)",
        actors=tuple(actors.values()),
        start=start,
        steps=tuple(steps),
        time_unit=unit,
        outcomes=declared,
        description=description,
        arrivals=_arrivals(log, first, source_text) if arrivals and n_cases >= 2 else None,
        bibliography=(cite,),
        case_speed=speed,
    )
    return Discovery(journey, dropped, gone, int(left_out.sum()), n_cases, log.notes + mark_note)


def _waits(log: EventLog) -> np.ndarray:
    """Per event, the wait before it (minutes): from the previous completion in its case to its start, none when
    the two overlap, and none before a case's first event. With :func:`_active`, a case's times add up to its
    duration (time attribution in completion order)."""
    first, _ = case_bounds(log.case_codes)
    e, s = log.end_ns, log.start_ns
    prev_end = np.r_[np.int64(0), e[:-1]]
    wait = np.maximum(0, s - prev_end) / NS_PER_MINUTE
    wait[first] = 0.0
    return wait


def _active(log: EventLog) -> np.ndarray:
    """Per event, its active time (minutes): from its start, or the previous completion in its case when that is
    later, to its completion."""
    first, _ = case_bounds(log.case_codes)
    e, s = log.end_ns, log.start_ns
    prev_end = np.r_[np.int64(0), e[:-1]]
    active = (e - np.maximum(s, prev_end)) / NS_PER_MINUTE
    active[first] = (e[first] - s[first]) / NS_PER_MINUTE
    return active


def _case_outcomes(log: EventLog, outcomes: Mapping[str, str]) -> np.ndarray:
    """Per case, the outcome it ends with: the outcome named for its last activity, else that activity."""
    _, last = case_bounds(log.case_codes)
    ends = [log.activities[int(x)] for x in log.activity_codes[last]]
    return np.array([outcomes.get(x) or x for x in ends], dtype=object)


def outcome_marks(log: EventLog) -> tuple[dict[str, str], tuple[str, ...]]:
    """The outcome of each activity that the log marks as an outcome step (its column ``outcome``, as ``simulate
    --events`` writes it), and a note when the column is there but cannot be read that way.

    Marks count only when every marked event ends its case and every event of a marked activity carries the same
    mark: a column ``outcome`` that means something else is left alone, with a note.
    """
    if log.outcome_codes is None or not log.outcomes:
        return {}, ()
    codes = log.outcome_codes
    rows = np.flatnonzero(codes >= 0)
    if rows.size == 0:
        return {}, ()
    _, last = case_bounds(log.case_codes)
    is_last = np.zeros(codes.size, bool)
    is_last[last] = True
    acts = log.activity_codes
    found: dict[str, str] = {}
    ok = bool(is_last[rows].all())
    for a in np.unique(acts[rows]):
        mine = codes[acts == a]
        if (mine < 0).any() or (mine != mine[0]).any():
            ok = False
            break
        found[log.activities[int(a)]] = log.outcomes[int(mine[0])]
    if not ok:
        return {}, ("the column 'outcome' does not mark only the last events of cases, one outcome per activity: "
                    "not read as outcomes",)
    return found, (f"outcomes from the log's column 'outcome': {len(found)} activities end their cases",)


def _is_zero(d: Distribution) -> bool:
    return type(d) is Fixed and d.value == 0


def _as_wait(d: Distribution) -> Distribution:
    return ZERO if _is_zero(d) else d


def _repair(keep: np.ndarray, keep_end: np.ndarray, keep_start: np.ndarray, pair_count: np.ndarray,
            ends: np.ndarray, starts: np.ndarray) -> None:
    """Restore dropped branches until every activity reached from a start can reach an end (no trap loops)."""
    if not keep_start.any():
        keep_start[int(np.argmax(starts))] = True
    while True:
        reached = _reachable(keep, keep_start)
        can_end = keep_end.copy()
        changed = True
        while changed:
            before = can_end.sum()
            can_end |= (keep & can_end[None, :]).any(axis=1)
            changed = can_end.sum() != before
        stuck = np.flatnonzero(reached & ~can_end)
        if stuck.size == 0:
            return
        x = int(stuck[0])
        if ends[x] > 0:
            keep_end[x] = True
        else:
            options = np.flatnonzero((pair_count[x] > 0) & ~keep[x])
            keep[x, int(options[np.argmax(pair_count[x, options])])] = True


def _reachable(keep: np.ndarray, keep_start: np.ndarray) -> np.ndarray:
    reached = keep_start.copy()
    todo = list(np.flatnonzero(reached))
    while todo:
        x = todo.pop()
        for y in np.flatnonzero(keep[x] & ~reached):
            reached[y] = True
            todo.append(int(y))
    return reached


def _order(keep: np.ndarray, keep_start: np.ndarray, pair_count: np.ndarray, starts: np.ndarray) -> list[int]:
    """Activities in the order a reader meets them: breadth first from the starts, busiest branches first."""
    queue = sorted(np.flatnonzero(keep_start).tolist(), key=lambda x: -starts[x])
    seen = set(queue)
    out = []
    while queue:
        x = queue.pop(0)
        out.append(x)
        for y in sorted(np.flatnonzero(keep[x]).tolist(), key=lambda y: -pair_count[x, y]):
            if y not in seen:
                seen.add(y)
                queue.append(y)
    return out


def _actors(log: EventLog, names: list[str], lanes: Mapping[str, str]) -> tuple[dict[int, str], dict[str, Actor]]:
    """Each activity's actor (its most frequent resource) and the actors, by id."""
    taken: set[str] = set()
    actors: dict[str, Actor] = {}
    if not log.has_resource:
        lane = lanes.get("case_system", "backstage")
        actors["case_system"] = Actor("case_system", "The case system's staff (the log names no resource)", lane)
        return {x: "case_system" for x in range(len(names))}, actors
    codes = log.resource_codes.astype(np.int64)
    values = list(log.resources or [])
    a = log.activity_codes.astype(np.int64)
    have = codes >= 0
    table = np.zeros((len(names), len(values) + 1), dtype=np.int64)
    np.add.at(table, (a[have], codes[have]), 1)
    actor_of: dict[int, str] = {}
    by_value: dict[int, str] = {}
    for x in range(len(names)):
        row = table[x]
        r = int(np.argmax(row)) if row.any() else -1
        if r not in by_value:
            name = values[r] if r >= 0 else "Unknown (no resource recorded)"
            aid = slug(name, taken)
            lane = lanes.get(name) or lanes.get(aid) or "backstage"
            actors[aid] = Actor(aid, name, lane)
            by_value[r] = aid
        actor_of[x] = by_value[r]
    return actor_of, actors


def _arrivals(log: EventLog, first: np.ndarray, source_text: str) -> Arrivals:
    """A base rate of case starts and multipliers by hour of day and weekday, from the cases' first events.

    Multipliers are each hour's (weekday's) starts per such hour (weekday) in the observed period, divided by
    their average, so that the base rate is the mean rate: cases / period.
    """
    local = np.sort(log.local_clock(first))
    t0, t1 = local[0], local[-1]
    span_minutes = float((t1 - t0) / np.timedelta64(1, "m"))
    every = span_minutes / max(first.size - 1, 1) if span_minutes > 0 else 1.0
    days = local.astype("datetime64[D]")
    hours = ((local - days) / np.timedelta64(1, "h")).astype(np.int64)
    weekday = (days.astype(np.int64) + 3) % 7
    all_days = np.arange(days[0], days[-1] + np.timedelta64(1, "D"))
    per_weekday = np.bincount((all_days.astype(np.int64) + 3) % 7, minlength=7).astype(float)
    wd = np.bincount(weekday, minlength=7) / np.maximum(per_weekday, 1)
    hr = np.bincount(hours, minlength=24).astype(float)
    wd_factor = wd / wd.mean() if wd.mean() > 0 else np.ones(7)
    hr_factor = hr / hr.mean() if hr.mean() > 0 else np.ones(24)
    profile = ArrivalProfile(hours=tuple(significant(v, 3) for v in hr_factor),
                             weekdays=tuple(significant(v, 3) for v in wd_factor))
    start = dt.datetime.fromisoformat(str(days[0]))
    return Arrivals(Exponential(significant(every)), start, profile,
                    ParameterSource("every", source_text + "; rate by hour and weekday of the case starts,"
                                    " Poisson arrivals assumed", "measured"))
