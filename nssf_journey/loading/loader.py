"""Load journey files: safe YAML, then the format's field checks, then the checks that span the whole graph.

Every problem of a file is collected before :class:`~nssf_journey.loading.problems.JourneyError` is raised, so an author
sees them all at once. Warnings (a number without a source) do not stop loading; ``strict=True`` makes them
errors.

Examples
--------
The YAML text of a small journey (:mod:`nssf_journey.examples`) and what loading makes of it:

>>> from nssf_journey.examples import example_text
>>> text = example_text("one_step", duration=10)
>>> print(text, end="")
journey: one_step
title: One step
actors: [{id: w, name: Worker, lane: customer}]
start: ask
steps:
  - {id: ask, name: Ask, actor: w, duration: 10, next: done, source: "assumption: example"}
  - {id: done, name: Answered, actor: w, outcome: success}
>>> parse_journey(text, "one_step.yaml").step("ask").duration.mean
10.0

A problem is reported at its place, with what was expected:

>>> parse_journey(text.replace("duration: 10", "duration: ten"), "one_step.yaml")
Traceback (most recent call last):
...
nssf_journey.loading.problems.JourneyError: one_step.yaml:6:46: error: steps[0].duration: expected a duration such as 30, "2 h" or {dist: triangular, min: 10, mode: 20, max: 40}, got 'ten'
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Callable, Iterable

from .. import model as m
from .data import source_of
from .fields import INVALID, Checker, did_you_mean
from .files import read_document, read_text
from .format import JOURNEY
from .not_a_journey import not_a_journey, not_a_journey_text
from .plausibility import implausible_times
from .visits import too_many_visits
from .problems import JourneyError, Path, Problem
from ..units import TIME_UNITS
from .overlay import is_overlay, resolve_overlay
from .yaml_source import gc_paused, parse_yaml

#: Probabilities of a branching must sum to 1 within this tolerance.
PROBABILITY_TOLERANCE = 1e-6
JOURNEY_SUFFIXES = (".yaml", ".yml")


def parse_journey(text: str, file: str = "<journey>", *, strict: bool = False,
                  known_sources: Iterable[str] | None = None, roots: Iterable[str] = ()) -> m.Journey:
    """Validate journey YAML text and build the :class:`~nssf_journey.model.Journey`.

    Raises :class:`JourneyError` listing every error (and, with ``strict``, every warning). With
    ``known_sources`` (the ids of ``data/sources.yaml``), a source naming another id is a warning. ``roots`` are
    folders besides its own in which a redesign may find the journey it extends (:mod:`.confine`).
    """
    journey, problems = check_journey_text(text, file, known_sources=known_sources, roots=roots)
    errors = [p for p in problems if p.severity == "error" or strict]
    if errors or journey is None:
        raise JourneyError(errors)
    return journey


def load_journey(path: str | os.PathLike[str], *, strict: bool = False,
                 known_sources: Iterable[str] | None = None, roots: Iterable[str] = ()) -> m.Journey:
    """Read and validate one journey file (``roots``: see :func:`parse_journey`)."""
    file = str(path)
    return parse_journey(read_text(file), file, strict=strict, known_sources=known_sources, roots=roots)


def check_journey_text(text: str, file: str, *, known_sources: Iterable[str] | None = None,
                       roots: Iterable[str] = ()) -> tuple[m.Journey | None, list[Problem]]:
    """Validate journey text; return the journey (``None`` when there are errors) and every problem found."""
    with gc_paused():
        return _check_journey_text(text, file, known_sources, tuple(str(r) for r in roots))


def _check_journey_text(text: str, file: str, known_sources: Iterable[str] | None, roots: tuple[str, ...]
                        ) -> tuple[m.Journey | None, list[Problem]]:
    overlay_problems: list[Problem] = []
    try:
        doc = parse_yaml(text, file)
    except JourneyError as exc:
        refused = not_a_journey_text(text, file) if _is_syntax_error(exc) else None
        return None, [refused] if refused is not None else sorted(exc.problems)
    refused = not_a_journey(doc.data, text, file)
    if refused is not None:
        return None, [refused]
    if is_overlay(doc.data):
        try:
            doc, overlay_problems = resolve_overlay(doc, read_document, roots=roots)
        except JourneyError as exc:
            return None, sorted(exc.problems)
    ck = Checker(doc, known_sources=frozenset(known_sources) if known_sources is not None else None)
    ck.problems.extend(overlay_problems)
    raw = doc.data
    if isinstance(raw, dict) and raw.get("time_unit") in TIME_UNITS:
        ck.time_unit = raw["time_unit"]
    data = JOURNEY.check(raw, (), ck)
    journey = None
    if data is not INVALID:
        journey = _build(data, ck, file)
    if journey is not None:
        for warning in implausible_times(raw, data, ck.time_unit):
            ck.warning(("time_unit",), warning)
    problems = sorted(ck.problems)
    if ck.has_errors:
        return None, problems
    return journey, problems


@dataclass
class FileResult:
    """The outcome of checking one file: a journey or ``None``, and its problems."""

    file: str
    journey: m.Journey | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.journey is not None


def journey_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Journey files named by ``paths``: files as given, folders searched recursively for ``*.yaml``/``*.yml``.

    A path that exists but is no file or folder (a named pipe, a device, a symbolic link loop) is kept, so that
    reading it says what it is. Raises :class:`FileNotFoundError` for a path that does not exist.
    """
    out: list[str] = []
    for p in paths:
        path = FsPath(p)
        if path.is_dir():
            out.extend(
                str(f) for f in sorted(path.rglob("*"))
                if f.suffix in JOURNEY_SUFFIXES and f.is_file() and not _hidden(f.relative_to(path))
            )
        elif path.is_file() or os.path.lexists(path):
            out.append(str(path))
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    return out


def _hidden(relative: FsPath) -> bool:
    """A hidden file, or inside a hidden folder (``.venv``, ``.git``): never a journey."""
    return any(part.startswith(".") for part in relative.parts)


#: The source ids a journey may cite: one set for all files, or a function from a file to its set (``None``:
#: nothing to check against).
KnownSources = Iterable[str] | Callable[[str], Iterable[str] | None] | None


def check_files(files: Iterable[str], *, strict: bool = False, known_sources: KnownSources = None,
                roots: Iterable[str] = ()) -> list[FileResult]:
    """Check many journey files; journey ids must be unique among them.

    ``roots`` are the folders given on the command line: a redesign among the files may extend a journey anywhere
    under them (besides its own folder and its project's, :mod:`.confine`).

    ``known_sources`` are the ids of the bibliography (``data/sources.yaml``), for all files or, as a function,
    per file (a journey's data folder is found from the journey: :func:`~.data.data_dir_beside`).
    """
    shared = None if known_sources is None or callable(known_sources) else frozenset(known_sources)
    roots = tuple(str(r) for r in roots)
    results: list[FileResult] = []
    first_file: dict[str, str] = {}
    for file in files:
        try:
            text = read_text(file)
        except JourneyError as exc:
            results.append(FileResult(file, None, list(exc.problems)))
            continue
        known = known_sources(file) if callable(known_sources) else shared
        journey, problems = check_journey_text(text, file, known_sources=known, roots=roots)
        if journey is not None and journey.id in first_file:
            doc_line = _line_of_key(text, "journey")
            problems.append(
                Problem(file, doc_line, 1, "error", "journey",
                        f"journey id '{journey.id}' is already used by {first_file[journey.id]}")
            )
            journey = None
        elif journey is not None:
            first_file[journey.id] = file
        if strict and any(p.severity == "warning" for p in problems):
            problems = [Problem(p.file, p.line, p.column, "error", p.path, p.message) for p in problems]
            journey = None
        results.append(FileResult(file, journey, sorted(problems)))
    return results


def load_journeys(paths: Iterable[str | os.PathLike[str]], *, strict: bool = False,
                  known_sources: Iterable[str] | None = None) -> list[m.Journey]:
    """Load every journey under ``paths``; raise :class:`JourneyError` with all problems of all files."""
    paths = list(paths)
    results = check_files(journey_files(paths), strict=strict, known_sources=known_sources, roots=given_folders(paths))
    errors = [p for r in results for p in r.problems if p.severity == "error"]
    if errors:
        raise JourneyError(errors)
    return [r.journey for r in results if r.journey is not None]


def given_folders(paths: Iterable[str | os.PathLike[str]]) -> tuple[str, ...]:
    """The folders among ``paths`` (those given on a command line): where redesigns may find their base journeys."""
    return tuple(str(p) for p in paths if os.path.isdir(p))


def _is_syntax_error(exc: JourneyError) -> bool:
    return len(exc.problems) == 1 and exc.problems[0].message.startswith("YAML syntax:")


def _line_of_key(text: str, key: str) -> int:
    for i, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return i
    return 1


# --------------------------------------------------------------------------------------- building the model


def _ok(value: Any) -> bool:
    return value is not INVALID and value is not None


def _build(data: dict[str, Any], ck: Checker, file: str) -> m.Journey | None:
    bibliography = _bibliography(data.get("bibliography"), ck)
    actors = _actors(data.get("actors"), data.get("audience") if _ok(data.get("audience")) else None, ck)
    calendars = _calendars(data.get("calendars"), ck)
    resources = _resources(data.get("resources"), calendars, ck)
    stages = tuple(s for s in (data.get("stages") or []) if _ok(s))
    steps = _steps(data, actors, stages, resources, ck)
    outcomes = {k: m.Outcome(k, v["kind"], _text(v.get("name")), _text(v.get("description")), _text(v.get("guide")))
                for k, v in (data.get("outcomes") or {}).items() if _ok(v) and _ok(v.get("kind"))}
    start = data.get("start")
    step_ids = {s.id for s in steps}
    graph_ok = not ck.has_errors
    if _ok(start) and steps is not None and start not in step_ids and _ok(data.get("steps")):
        ck.error(("start",), f"unknown step '{start}'{did_you_mean(start, sorted(step_ids))}")
        graph_ok = False
    if graph_ok:
        _check_graph(start, steps, data, ck)
        if not ck.has_errors:
            _check_visits(start, steps, data, ck)
        used = {s.outcome for s in steps if s.outcome}
        if any(s.patience is not None for s in steps):
            used.add("abandoned")  # queueing simulation ends impatient cases with this outcome
        for k in outcomes:
            if k not in used:
                ck.warning(("outcomes", k), f"outcome '{k}' is declared but no step ends with it")
    journey_sources = _sources(data, ("deadline",), ("deadline",) if _ok(data.get("deadline")) else (), (), ck)
    arrivals = _arrivals(data.get("arrivals"), ck)
    if ck.has_errors:
        return None
    deadline = data.get("deadline")
    return m.Journey(
        id=data["journey"],
        title=data["title"],
        actors=tuple(actors.values()),
        start=start,
        steps=tuple(steps),
        time_unit=data["time_unit"],
        stages=stages,
        outcomes=outcomes,
        description=_text(data.get("description")),
        persona=data.get("persona"),
        benefit=data.get("benefit"),
        deadline=deadline.mean if _ok(deadline) else None,
        resources=tuple(resources.values()),
        calendars=tuple(calendars.values()),
        arrivals=arrivals,
        sources=journey_sources,
        informed_by=_names(data.get("informed_by")),
        audience=data.get("audience") if _ok(data.get("audience")) else None,
        redesign_of=data.get("redesign_of") if _ok(data.get("redesign_of")) else None,
        summary=_text(data.get("summary")),
        eligibility=_text(data.get("eligibility")),
        translations=dict(data.get("translations") or {}) if _ok(data.get("translations")) else {},
        bibliography=bibliography,
        case_speed=_case_speed(data.get("case_speed"), ck),
        event_log=_event_log(data.get("event_log")),
        file=file,
    )


def by_id(items: Any) -> dict[str, Any]:
    """Checked entries with a valid id, by id; the first of a repeated id wins (the format reported the others)."""
    out: dict[str, Any] = {}
    for item in items if _ok(items) else ():
        if _ok(item) and _ok(item.get("id")):
            out.setdefault(item["id"], item)
    return out


def _bibliography(items: Any, ck: Checker) -> tuple[m.Source, ...]:
    """The journey's own sources; their ids join the known sources for the rest of the file."""
    if not _ok(items):
        return ()
    entries = by_id(items)
    ck.own_sources = frozenset(entries)
    return tuple(source_of(v) for v in entries.values() if _ok(v["title"]))


def _actors(items: Any, audience: str | None, ck: Checker) -> dict[str, m.Actor]:
    """Actors by id; an actor's role defaults to NSSF for staff lanes and to the journey's audience for customers."""
    if not _ok(items):
        return {}
    raw = by_id(items)
    out = {}
    for k, v in raw.items():
        lane = v.get("lane") if _ok(v.get("lane")) else "customer"
        role = v.get("role") if _ok(v.get("role")) else m.default_role(lane, audience)
        out[k] = m.Actor(k, v.get("name") or k, lane, _text(v.get("description")), role)
    return out


def _text(value: Any) -> str:
    """A checked text (possibly a LocalText), or ``""`` when absent or invalid."""
    return value if _ok(value) else ""


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if _ok(v)) if _ok(value) else ()


def _calendars(items: Any, ck: Checker) -> dict[str, m.Calendar]:
    if not _ok(items):
        return {}
    out = {}
    for k, v in by_id(items).items():
        opening = v["open"]
        if isinstance(opening, tuple):
            opening = [opening]
        periods = tuple(sorted(p for p in opening if _ok(p))) if _ok(opening) else ()
        days = v["days"]
        day_numbers = tuple(sorted({m.WEEKDAYS.index(d) for d in days if _ok(d)})) if _ok(days) else ()
        holidays = tuple(h for h in (v.get("holidays") or []) if _ok(h))
        out[k] = m.Calendar(k, periods, day_numbers, holidays)
    return out


def _resources(items: Any, calendars: dict[str, m.Calendar], ck: Checker) -> dict[str, m.Resource]:
    if not _ok(items):
        return {}
    out = {}
    index = {id(v): i for i, v in enumerate(items)}
    for k, v in by_id(items).items():
        i = index[id(v)]
        cal = v.get("calendar")
        if _ok(cal) and cal not in calendars:
            ck.error(("resources", i, "calendar"), f"unknown calendar '{cal}'{did_you_mean(cal, sorted(calendars))}")
        source = _single_source(v, ("resources", i), "capacity", ck)
        kind = v.get("kind") if _ok(v.get("kind")) else "counter"
        out[k] = m.Resource(k, v.get("capacity") if _ok(v.get("capacity")) else 1, v.get("name") or "", cal if _ok(cal) else None, source,
                            kind)
    return out


def _items(mapping: Any) -> list[tuple[Any, Any]]:
    return list(mapping.items()) if _ok(mapping) else []


def _arrivals(v: Any, ck: Checker) -> m.Arrivals | None:
    if not _ok(v) or not _ok(v.get("every")):
        return None
    profile = v.get("profile") or {}
    hours = [1.0] * 24
    weekdays = [1.0] * 7
    days = [1.0] * 31
    for hour_range, factor in _items(profile.get("hours")):
        for h in hour_range:
            hours[h] = factor
    for day, factor in _items(profile.get("weekdays")):
        weekdays[m.WEEKDAYS.index(day)] = factor
    for day_range, factor in _items(profile.get("days_of_month")):
        for day in day_range:
            days[day - 1] = factor
    if any(not _ok(f) for f in hours + weekdays + days):
        return None
    prof = m.ArrivalProfile(tuple(hours), tuple(weekdays), tuple(days))
    if sum(prof.weekdays) == 0 or sum(prof.hours) == 0:
        ck.error(("arrivals", "profile"), "the profile leaves no time at which cases can arrive")
        return None
    return m.Arrivals(v["every"], v["start"], prof, _single_source(v, ("arrivals",), "every", ck))


def _case_speed(v: Any, ck: Checker) -> m.CaseSpeed | None:
    if not _ok(v) or not _ok(v.get("shared")) or not _ok(v.get("carried")):
        return None
    return m.CaseSpeed(v["shared"], v["carried"], _single_source(v, ("case_speed",), "case_speed", ck))


def _event_log(v: Any) -> m.LogReference | None:
    if isinstance(v, str):
        return m.LogReference(v)
    if not _ok(v) or not _ok(v.get("file")):
        return None
    given = {k: v.get(k) for k in ("case", "activity", "timestamp", "start_timestamp", "timestamp_format")}
    return m.LogReference(v["file"], **{k: x for k, x in given.items() if _ok(x)})


def _steps(data: dict[str, Any], actors: dict[str, m.Actor], stages: tuple[str, ...],
           resources: dict[str, m.Resource], ck: Checker) -> list[m.Step]:
    items = data.get("steps")
    if not _ok(items):
        return []
    raw = by_id(items)
    index = {id(v): i for i, v in enumerate(items)}
    step_ids = set(raw)
    out = []
    for sid, v in raw.items():
        i = index[id(v)]
        path: Path = ("steps", i)
        actor_id = v.get("actor")
        actor = actors.get(actor_id) if _ok(actor_id) else None
        if _ok(actor_id) and actor is None and actors:
            ck.error(path + ("actor",), f"unknown actor '{actor_id}'{did_you_mean(actor_id, sorted(actors))}")
        stage = v.get("stage")
        if _ok(stage) and stages and stage not in stages:
            ck.error(path + ("stage",), f"unknown stage '{stage}'; expected one of {', '.join(stages)}")
        has_next, has_outcome = "next" in v, "outcome" in v
        if has_next and has_outcome:
            ck.error(path, f"step '{sid}' has both 'next' and 'outcome'; a step either continues or ends the journey")
        elif not has_next and not has_outcome:
            ck.error(path, f"step '{sid}' has neither 'next' nor 'outcome'; add one of them")
        branches = _branches(v.get("next"), sid, path + ("next",), step_ids, ck) if has_next else ()
        resource = v.get("resource")
        if _ok(resource) and resource not in resources:
            ck.error(path + ("resource",), f"unknown resource '{resource}'{did_you_mean(resource, sorted(resources))}")
        if "patience" in v and not _ok(resource):
            ck.error(path + ("patience",), "patience needs a resource to queue for; add 'resource'")
        channel = v.get("channel") if _ok(v.get("channel")) else None
        lane = actor.lane if actor else "customer"
        in_person = v["in_person"] if _ok(v.get("in_person")) else m.default_in_person(channel)
        touchpoint = v["touchpoint"] if _ok(v.get("touchpoint")) else m.default_touchpoint(lane, channel)
        present = tuple(f for f in m.SOURCED_STEP_FIELDS if f in v and _is_sourced_value(f, v[f]))
        sources = _sources(v, m.SOURCED_STEP_FIELDS, present, path, ck)
        out.append(
            m.Step(
                id=sid,
                name=v.get("name") or sid,
                actor=actor_id if _ok(actor_id) else "",
                stage=stage if _ok(stage) else None,
                channel=channel,
                duration=v["duration"],
                wait=v["wait"],
                wait_reason=v["wait_reason"],
                cost=v["cost"],
                emotion=v["emotion"] if _ok(v.get("emotion")) else None,
                pain_points=_texts(v.get("pain_points")),
                in_person=bool(in_person),
                touchpoint=bool(touchpoint),
                next=branches,
                outcome=v.get("outcome") if _ok(v.get("outcome")) else None,
                resource=resource if _ok(resource) else None,
                patience=v["patience"] if _ok(v.get("patience")) else None,
                description=_text(v.get("description")),
                sources=sources,
                informed_by=_names(v.get("informed_by")) or _names(data.get("informed_by")),
                guide=_text(v.get("guide")),
                where=_text(v.get("where")),
                documents=_texts(v.get("documents")),
                tips=_texts(v.get("tips")),
                log_activity=_names(v.get("log_activity")),
                line=ck.doc.where(path)[0],
            )
        )
    return out


def _names(value: Any) -> tuple[str, ...]:
    """One id or a list of ids, as a tuple (invalid entries were already reported)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _is_sourced_value(field: str, value: Any) -> bool:
    """Does this field hold a number that needs a source? (A zero duration or single ``next`` does not.)"""
    if value is INVALID:
        return False
    if field == "next":
        return isinstance(value, tuple) or (isinstance(value, list) and (len(value) > 1 or any(
            isinstance(b, dict) and _ok(b.get("wait")) and not (type(b["wait"]) is m.Fixed and b["wait"].value == 0)
            for b in value)))
    if field in ("duration", "wait"):
        return not (type(value) is m.Fixed and value.value == 0)
    if field == "cost":
        return value != 0
    return True


def _branches(value: Any, sid: str, path: Path, step_ids: set[str], ck: Checker) -> tuple[m.Branch, ...]:
    if not _ok(value):
        return ()
    if isinstance(value, str):
        if value not in step_ids:
            ck.error(path, f"unknown step '{value}'{did_you_mean(value, sorted(step_ids))}")
            return ()
        return (m.Branch(value, 1.0),)
    branches = []
    seen: dict[str, int] = {}
    total = 0.0
    complete = True
    for j, b in enumerate(value):
        if not _ok(b) or not _ok(b.get("to")) or not _ok(b.get("p")):
            complete = False
            continue
        to, p = b["to"], b["p"]
        total += p
        if to not in step_ids:
            ck.error(path + (j, "to"), f"unknown step '{to}'{did_you_mean(to, sorted(step_ids))}")
            complete = False
            continue
        if to in seen:
            ck.error(path + (j, "to"), f"step '{to}' is already a branch (next[{seen[to]}]); merge the two branches")
            complete = False
            continue
        seen[to] = j
        wait = b.get("wait")
        branches.append(m.Branch(to, p, wait if _ok(wait) else m.ZERO))
    if complete and abs(total - 1.0) > PROBABILITY_TOLERANCE:
        ck.error(path, f"probabilities of '{sid}' sum to {total:.12g}, expected 1 (tolerance {PROBABILITY_TOLERANCE:g})")
    return tuple(branches)


def _sources(v: dict[str, Any], fields: tuple[str, ...], present: tuple[str, ...], path: Path,
             ck: Checker) -> tuple[m.ParameterSource, ...]:
    """Sources of the numbers ``present`` on an object; warn about numbers without one."""
    source = v.get("source")
    evidence = v.get("evidence")
    out = []
    warned: set[Path] = set()
    for f in present:
        text = source if isinstance(source, str) else (source.get(f) if isinstance(source, dict) else None)
        if not _ok(text):
            ck.warning(path + (f,), 'no source for this number; add source: <source id> or "assumption: <reason>"')
            continue
        ev = evidence if isinstance(evidence, str) else (evidence.get(f) if isinstance(evidence, dict) else None)
        src = m.ParameterSource.of(f, text, ev if _ok(ev) else None)
        known = ck.source_ids()
        if known is not None and src.source_id is not None and src.source_id not in known:
            where = path + ("source",) + ((f,) if isinstance(source, dict) else ())
            if where not in warned:
                warned.add(where)
                ck.warning(where, f"unknown source id '{src.source_id}'{did_you_mean(src.source_id, sorted(known))}"
                                  f" (not in {ck.bibliographies()})")
        if src.is_assumption and src.evidence != "assumed":
            ck.error(path + ("evidence",), f"evidence of {f} is '{ev}' but its source is an assumption; use 'assumed'")
        out.append(src)
    return tuple(out)

    return "not in data/sources.yaml nor in the journey's bibliography"


def _single_source(v: dict[str, Any], path: Path, field: str, ck: Checker) -> m.ParameterSource | None:
    found = _sources(v, (field,), (field,), path, ck)
    return found[0] if found else None


def _check_visits(start: str, steps: list[m.Step], data: dict[str, Any], ck: Checker) -> None:
    """Refuse loops no case would ever leave: any step visited over :data:`~.visits.MAX_EXPECTED_VISITS` times per
    case on average, reported at its ``next``."""
    index = {s.id: i for i, s in enumerate(steps)}
    source = [index[s.id] for s in steps for _ in s.next]
    target = [index[b.to] for s in steps for b in s.next]
    p = [b.p for s in steps for b in s.next]
    found = too_many_visits(tuple(index), index[start], source, target, p)
    if not found:
        return
    position = {}
    for i, v in enumerate(data["steps"]):
        if _ok(v) and _ok(v.get("id")):
            position.setdefault(v["id"], i)
    for i, message in found:
        ck.error(("steps", position[steps[i].id], "next"), message)


def _check_graph(start: str, steps: list[m.Step], data: dict[str, Any], ck: Checker) -> None:
    by_id = {s.id: s for s in steps}
    position = {}
    for i, v in enumerate(data["steps"]):
        if _ok(v) and _ok(v.get("id")):
            position.setdefault(v["id"], i)
    reached = {start}
    queue = deque([start])
    while queue:
        for b in by_id[queue.popleft()].next:
            if b.to not in reached:
                reached.add(b.to)
                queue.append(b.to)
    incoming: dict[str, list[str]] = {s.id: [] for s in steps}
    for s in steps:
        for b in s.next:
            incoming[b.to].append(s.id)
    ends = [s.id for s in steps if s.is_terminal]
    can_end = set(ends)
    queue = deque(ends)
    while queue:
        for prev in incoming[queue.popleft()]:
            if prev not in can_end:
                can_end.add(prev)
                queue.append(prev)
    for s in steps:
        path: Path = ("steps", position[s.id])
        if s.id not in reached:
            ck.error(path, f"step '{s.id}' cannot be reached from start '{start}'")
        elif s.id not in can_end:
            ck.error(path, f"no outcome can be reached from step '{s.id}' (a trap loop)")
