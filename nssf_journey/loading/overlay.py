"""Redesigns as overlays: a journey file that ``extends`` another and states only the change.

A modernization team rarely redraws a whole journey; it removes a step, adds one, or changes a duration or a
channel. An overlay says just that::

    journey: contribution_payment_online
    extends: ../contribution_payment.yaml      # a path relative to this file
    title: Monthly contribution payment (online)
    remove: [queue_at_office]                  # steps removed; the flow is rewired around them
    add:                                       # new steps, written as in any journey
      - {id: upload_payslip, name: Upload the payslip, actor: employer, duration: 10, next: done}
    change:                                    # per step id, the keys to replace (null deletes a key;
                                               # source and evidence mappings merge field by field)
      pay_at_bank: {channel: online, duration: "10 min", next: upload_payslip}
    change_resources:                          # per resource id, the keys to replace
      counter: {capacity: 2}
    add_actors: [{id: portal, name: Online portal, lane: frontstage}]

Any other top-level key (``resources``, ``arrivals``, ``deadline``, ...) replaces the base's. Removing a step
rewires every branch into it to the removed step's own branches, with probabilities multiplied (and a
self-loop divided out), which is exact: the remaining steps keep their expected visits and the journey keeps
its outcome probabilities. The merged journey is validated like any other, and each problem is reported in the
file, line and key where it was written (the base or the overlay).
"""

from __future__ import annotations

import os
from pathlib import Path as FsPath
from typing import Any, Callable

from .fields import did_you_mean
from .problems import JourneyError, Path, Problem, format_path
from .yaml_source import Document

#: Step keys whose mappings a change merges with the base's field by field instead of replacing them.
_MERGED_KEYS = ("source", "evidence")
#: Keys that only overlays have; they are consumed when the overlay is resolved.
OVERLAY_KEYS: tuple[str, ...] = ("extends", "remove", "add", "change", "change_resources", "add_actors")


def is_overlay(data: Any) -> bool:
    return isinstance(data, dict) and "extends" in data


class _Merge:
    """Builds the merged document, copying positions, files and path aliases from the two sources."""

    def __init__(self, overlay: Document):
        self.overlay = overlay
        self.out = Document(file=overlay.file, data=None)
        self.problems: list[Problem] = []
        self._index: dict[int, dict[Path, list[Path]]] = {}

    def problem(self, path: Path, message: str, at_key: bool = False) -> None:
        doc = self.overlay
        line, col = doc.key_where(path) if at_key else doc.where(path)
        self.problems.append(Problem(doc.file_of(path), line, col, "error", format_path(doc.display_path(path)), message))

    def _paths_under(self, src: Document, prefix: Path) -> list[Path]:
        """Every recorded path of ``src`` under ``prefix`` (indexed by their first two parts)."""
        index = self._index.get(id(src))
        if index is None:
            index = {}
            for p in set(src.values) | set(src.keys):
                index.setdefault(p[:2], []).append(p)
            self._index[id(src)] = index
        if len(prefix) >= 2:
            candidates = index.get(prefix[:2], [])
        else:
            candidates = [p for k, ps in index.items() if k[: len(prefix)] == prefix for p in ps]
        n = len(prefix)
        return [p for p in candidates if p[:n] == prefix]

    def copy(self, src: Document, src_prefix: Path, dst_prefix: Path) -> None:
        """Record that ``dst_prefix`` of the merged document was written at ``src_prefix`` of ``src``."""
        n = len(src_prefix)
        for p in self._paths_under(src, src_prefix):
            q = dst_prefix + p[n:]
            if p in src.values:
                self.out.values[q] = src.values[p]
            if p in src.keys:
                self.out.keys[q] = src.keys[p]
        self.out.files[dst_prefix] = src.file_of(src_prefix)
        self.out.aliases[dst_prefix] = src.display_path(src_prefix)
        for p, f in src.files.items():  # a base that was itself merged
            if len(p) > n and p[:n] == src_prefix:
                self.out.files[dst_prefix + p[n:]] = f
        for p, a in src.aliases.items():
            if len(p) > n and p[:n] == src_prefix:
                self.out.aliases[dst_prefix + p[n:]] = a


def _next_as_map(value: Any) -> dict[str, float] | None:
    """A raw ``next`` as {target: probability}; ``None`` when it is not readable (validation will say why)."""
    if isinstance(value, str):
        return {value: 1.0}
    if isinstance(value, list):
        out: dict[str, float] = {}
        for b in value:
            if not isinstance(b, dict) or not isinstance(b.get("to"), str):
                return None
            p = b.get("p")
            if isinstance(p, bool) or not isinstance(p, (int, float)):
                return None
            out[b["to"]] = out.get(b["to"], 0.0) + float(p)
        return out
    return None


def _has_branch_wait(value: Any) -> bool:
    """Does a raw ``next`` give any branch its own ``wait``?"""
    return isinstance(value, list) and any(isinstance(b, dict) and "wait" in b for b in value)


def _map_as_next(branches: dict[str, float]) -> Any:
    if len(branches) == 1 and abs(next(iter(branches.values())) - 1.0) < 1e-9:
        return next(iter(branches))
    return [{"to": t, "p": p} for t, p in branches.items()]


def resolve_overlay(doc: Document, read: Callable[[str], Document], chain: tuple[str, ...] = ()
                    ) -> tuple[Document, list[Problem]]:
    """Merge an overlay document with the journey it extends into one document (recursively).

    ``read`` parses a journey file into a :class:`~nssf_journey.loading.yaml_source.Document`. Returns the merged
    document and the overlay's problems (a step to remove that does not exist, ...), so that validation of the
    merged journey can report its own problems in the same pass. Raises :class:`JourneyError` when there is
    nothing to merge (the base cannot be read, or extends itself).
    """
    ov: dict[str, Any] = doc.data
    merge = _Merge(doc)
    ext = ov.get("extends")
    if not isinstance(ext, str) or not ext.strip():
        merge.problem(("extends",), "expected the path of the journey file this redesign extends")
        raise JourneyError(merge.problems)
    here = FsPath(doc.file).parent if doc.file and not doc.file.startswith("<") else FsPath(".")
    base_file = os.path.normpath(str(here / ext))
    if base_file in chain or os.path.normpath(doc.file) == base_file:
        loop = " -> ".join(chain + (doc.file, base_file))
        merge.problem(("extends",), f"extends itself ({loop})")
        raise JourneyError(merge.problems)
    try:
        base = read(base_file)
    except FileNotFoundError:
        merge.problem(("extends",), f"no such journey file: {base_file}")
        raise JourneyError(merge.problems) from None
    if is_overlay(base.data):
        base, base_problems = resolve_overlay(base, read, chain + (os.path.normpath(doc.file),))
        if base_problems:
            raise JourneyError(base_problems)
    if not isinstance(base.data, dict):
        merge.problem(("extends",), f"{base_file} is not a journey mapping")
        raise JourneyError(merge.problems)
    if "journey" not in ov:
        merge.problem((), "a redesign needs its own journey id: add 'journey: <new id>'")

    data: dict[str, Any] = {}
    for key, value in base.data.items():
        if key == "steps":
            continue
        data[key] = value
        merge.copy(base, (key,), (key,))
    for key, value in ov.items():
        if key in OVERLAY_KEYS:
            continue
        data[key] = value
        merge.copy(doc, (key,), (key,))
    if "redesign_of" not in ov and isinstance(base.data.get("journey"), str):
        data["redesign_of"] = base.data["journey"]
    if "title" not in ov and isinstance(base.data.get("title"), str):
        data["title"] = base.data["title"] + " (redesign)"

    base_steps = base.data.get("steps") if isinstance(base.data.get("steps"), list) else []
    by_id = {s["id"]: i for i, s in enumerate(base_steps) if isinstance(s, dict) and isinstance(s.get("id"), str)}

    # --- remove
    removed: dict[str, int] = {}
    remove = ov.get("remove", [])
    if not isinstance(remove, list):
        merge.problem(("remove",), "expected a list of step ids")
        remove = []
    for i, sid in enumerate(remove):
        if not isinstance(sid, str) or sid not in by_id:
            merge.problem(("remove", i), f"unknown step '{sid}'" + (did_you_mean(sid, sorted(by_id)) if isinstance(sid, str) else ""))
        elif sid in removed:
            merge.problem(("remove", i), f"step '{sid}' is already removed")
        else:
            removed[sid] = i

    # --- change
    changes = ov.get("change", {})
    if not isinstance(changes, dict):
        merge.problem(("change",), "expected a mapping from step id to the keys to replace")
        changes = {}
    for sid, fields in changes.items():
        if sid not in by_id:
            merge.problem(("change", sid), f"unknown step '{sid}'{did_you_mean(sid, sorted(by_id))}", at_key=True)
        elif sid in removed:
            merge.problem(("change", sid), f"step '{sid}' is removed; it cannot also be changed", at_key=True)
        elif not isinstance(fields, dict):
            merge.problem(("change", sid), "expected a mapping of the step's keys to replace")

    # --- rewire around removed steps (exact state elimination)
    succ: dict[str, dict[str, float]] = {}
    for sid, i in by_id.items():
        raw = base_steps[i]
        override = changes.get(sid) if isinstance(changes.get(sid), dict) else {}
        nxt = override["next"] if "next" in override else raw.get("next")
        m = _next_as_map(nxt) if nxt is not None else {}
        if m is not None:
            succ[sid] = m
    rewired_by: dict[str, str] = {}
    refused: list[str] = []
    for x in removed:
        raw = base_steps[by_id[x]]
        if "outcome" in raw and any(x in succ.get(u, {}) for u in succ if u != x):
            into = sorted(u for u in succ if u != x and x in succ[u] and u not in removed)
            who = ", ".join(f"'{u}'" for u in into) or "removed steps"
            verb = "leads" if len(into) == 1 else "lead"
            merge.problem(("remove", removed[x]),
                          f"cannot remove '{x}': it ends the journey (outcome '{raw['outcome']}') and {who} {verb} to it;"
                          " change their next instead")
            refused.append(x)
            continue
        out_x = succ.get(x)
        if out_x is None:
            continue
        nexts = {u: (changes[u]["next"] if isinstance(changes.get(u), dict) and "next" in changes[u]
                     else base_steps[i].get("next")) for u, i in by_id.items()}
        if any(_has_branch_wait(nexts[u]) for u in succ if u == x or x in succ[u]):
            merge.problem(("remove", removed[x]),
                          f"cannot remove '{x}': a branch into or out of it has its own wait, which removing the step"
                          " cannot carry over; change those steps' next instead")
            refused.append(x)
            continue
        loop = out_x.get(x, 0.0)
        if loop >= 1.0 - 1e-12:
            merge.problem(("remove", removed[x]), f"cannot remove '{x}': it only leads back to itself")
            refused.append(x)
            continue
        rest = {y: q / (1.0 - loop) for y, q in out_x.items() if y != x}
        for u, m in succ.items():
            if u == x or x not in m:
                continue
            a = m.pop(x)
            for y, q in rest.items():
                m[y] = m.get(y, 0.0) + a * q
            rewired_by.setdefault(u, x)
        succ.pop(x)
    for x in refused:  # a refused removal leaves the step in place, so nothing else breaks because of it
        del removed[x]

    start = data.get("start")
    if isinstance(start, str) and start in removed and "start" not in ov:
        out_x = _next_as_map(base_steps[by_id[start]].get("next")) or {}
        targets = [y for y in out_x if y != start]
        if len(targets) == 1:
            data["start"] = targets[0]
            merge.out.values[("start",)] = doc.where(("remove", removed[start]))
            merge.out.files[("start",)] = doc.file
            merge.out.aliases[("start",)] = ("remove", removed[start])
        else:
            merge.problem(("remove", removed[start]),
                          f"cannot remove the start step '{start}': it branches; set 'start' to another step")

    # --- assemble the steps
    steps: list[Any] = []
    for i, raw in enumerate(base_steps):
        sid = raw.get("id") if isinstance(raw, dict) else None
        if sid in removed:
            continue
        k = len(steps)
        merge.copy(base, ("steps", i), ("steps", k))
        if not isinstance(raw, dict) or not isinstance(sid, str):
            steps.append(raw)
            continue
        step = dict(raw)
        override = changes.get(sid) if isinstance(changes.get(sid), dict) else {}
        for key, value in override.items():
            if value is None:
                step.pop(key, None)
            elif key in _MERGED_KEYS and isinstance(value, dict) and isinstance(step.get(key), dict):
                step[key] = {**step[key], **value}  # per-field sources: the change overrides field by field
                for f in value:
                    merge.copy(doc, ("change", sid, key, f), ("steps", k, key, f))
            else:
                step[key] = value
                merge.copy(doc, ("change", sid, key), ("steps", k, key))
        if sid in rewired_by and sid in succ:
            step["next"] = _map_as_next(succ[sid])
            where = ("remove", removed[rewired_by[sid]])
            for p in [p for p in merge.out.values if p[:3] == ("steps", k, "next")]:
                del merge.out.values[p]
            merge.out.values[("steps", k, "next")] = doc.where(where)
            merge.out.files[("steps", k, "next")] = doc.file
            merge.out.aliases[("steps", k, "next")] = where
        steps.append(step)
    adds = ov.get("add", [])
    if not isinstance(adds, list):
        merge.problem(("add",), "expected a list of steps")
        adds = []
    for j, raw in enumerate(adds):
        if isinstance(raw, dict) and raw.get("id") in by_id and raw.get("id") not in removed:
            merge.problem(("add", j, "id"), f"step '{raw['id']}' already exists in the base journey; use change to modify it")
            continue
        merge.copy(doc, ("add", j), ("steps", len(steps)))
        steps.append(raw)
    data["steps"] = steps
    merge.out.values.setdefault(("steps",), doc.where(()))
    declared = data.get("outcomes")
    if removed and isinstance(declared, dict) and "outcomes" not in ov:
        used = {s.get("outcome") for s in steps if isinstance(s, dict)}
        gone = {base_steps[by_id[x]].get("outcome") for x in removed} - used
        if gone & set(declared):  # outcomes only removed steps ended with: the redesign no longer has them
            data["outcomes"] = {k: v for k, v in declared.items() if k not in gone}

    # --- actors and resources
    extra_actors = ov.get("add_actors", [])
    if extra_actors:
        if not isinstance(extra_actors, list) or not isinstance(data.get("actors"), list):
            merge.problem(("add_actors",), "expected a list of actors {id, name, lane}")
        else:
            actors = list(data["actors"])
            for j, a in enumerate(extra_actors):
                merge.copy(doc, ("add_actors", j), ("actors", len(actors)))
                actors.append(a)
            data["actors"] = actors
    res_changes = ov.get("change_resources", {})
    if res_changes:
        resources = data.get("resources")
        rindex = {r.get("id"): i for i, r in enumerate(resources)} if isinstance(resources, list) else {}
        if not isinstance(res_changes, dict):
            merge.problem(("change_resources",), "expected a mapping from resource id to the keys to replace")
        else:
            resources = [dict(r) if isinstance(r, dict) else r for r in (resources or [])]
            for rid, fields in res_changes.items():
                if rid not in rindex:
                    merge.problem(("change_resources", rid),
                                  f"unknown resource '{rid}'{did_you_mean(str(rid), sorted(str(k) for k in rindex))}", at_key=True)
                    continue
                if not isinstance(fields, dict):
                    merge.problem(("change_resources", rid), "expected a mapping of the resource's keys to replace")
                    continue
                i = rindex[rid]
                for key, value in fields.items():
                    resources[i][key] = value
                    merge.copy(doc, ("change_resources", rid, key), ("resources", i, key))
            data["resources"] = resources
    merge.out.data = data
    merge.out.values.setdefault((), (1, 1))
    return merge.out, merge.problems
