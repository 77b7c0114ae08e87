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

from .confine import allowed_folders, is_inside
from .fields import INVALID, Checker, did_you_mean
from .format import OVERLAY
from .problems import JourneyError, Path, Problem, format_path
from .yaml_source import Document

#: Step keys whose mappings a change merges with the base's field by field instead of replacing them.
_MERGED_KEYS = ("source", "evidence")
#: Keys that only overlays have (described by :data:`~.format.OVERLAY`); they are consumed when the overlay is
#: resolved.
OVERLAY_KEYS: tuple[str, ...] = tuple(OVERLAY.fields)


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


def _looks_like_journey(data: Any) -> bool:
    """Whether a document another one extends is a journey (``journey`` and ``steps``) or a redesign (``extends``)."""
    return isinstance(data, dict) and ("extends" in data or ("journey" in data and "steps" in data))


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


def resolve_overlay(doc: Document, read: Callable[[str], Document], chain: tuple[str, ...] = (),
                    roots: tuple[str, ...] = ()) -> tuple[Document, list[Problem]]:
    """Merge an overlay document with the journey it extends into one document (recursively).

    ``read`` parses a journey file into a :class:`~nssf_journey.loading.yaml_source.Document`. Returns the merged
    document and the overlay's problems (a step to remove that does not exist, ...), so that validation of the
    merged journey can report its own problems in the same pass. Raises :class:`JourneyError` when there is
    nothing to merge (the base cannot be read, is not a journey, lies outside the allowed folders
    (:mod:`.confine`; ``roots`` are the folders given on the command line), or extends itself).
    """
    return _Resolution(doc, read, chain, roots).merged()


def _overlay_keys(doc: Document, merge: _Merge) -> dict[str, Any]:
    """The overlay's own keys, checked against :data:`~.format.OVERLAY` (their shapes; the steps and actors they
    add are checked in the merged journey). An invalid key reads as absent after its problem is reported."""
    ck = Checker(doc)
    out = {key: spec.kind.check(doc.data[key], (key,), ck) for key, spec in OVERLAY.fields.items() if key in doc.data}
    merge.problems.extend(ck.problems)
    return {key: value for key, value in out.items() if value is not INVALID}


class _Resolution:
    """One overlay being merged with its base: each method does one step, in the order of :meth:`merged`."""

    def __init__(self, doc: Document, read: Callable[[str], Document], chain: tuple[str, ...], roots: tuple[str, ...]):
        self.doc = doc
        self.roots = roots
        self.ov: dict[str, Any] = doc.data
        self.merge = _Merge(doc)
        self.keys = _overlay_keys(doc, self.merge)
        self.base = self._read_base(read, chain)
        self.data: dict[str, Any] = {}
        steps = self.base.data.get("steps")
        self.base_steps: list[Any] = steps if isinstance(steps, list) else []
        self.by_id = {s["id"]: i for i, s in enumerate(self.base_steps)
                      if isinstance(s, dict) and isinstance(s.get("id"), str)}
        self.removed: dict[str, int] = {}
        self.changes: dict[str, dict[str, Any]] = {}
        self.succ: dict[str, dict[str, float]] = {}
        self.rewired_by: dict[str, str] = {}

    def merged(self) -> tuple[Document, list[Problem]]:
        if "journey" not in self.ov:
            self.merge.problem((), "a redesign needs its own journey id: add 'journey: <new id>'")
        self._top_level()
        self._removals()
        self._changes()
        self._rewire()
        self._move_start()
        kept = self._kept_steps()
        steps = kept + self._added_steps(len(kept))
        self.data["steps"] = steps
        self.merge.out.values.setdefault(("steps",), self.doc.where(()))
        self._drop_orphan_outcomes(steps)
        self._add_actors()
        self._change_resources()
        self.merge.out.data = self.data
        self.merge.out.values.setdefault((), (1, 1))
        return self.merge.out, self.merge.problems

    def _fail(self) -> JourneyError:
        return JourneyError(self.merge.problems)

    def _read_base(self, read: Callable[[str], Document], chain: tuple[str, ...]) -> Document:
        """The document the overlay extends, itself resolved when it is an overlay."""
        doc, merge = self.doc, self.merge
        ext = self.keys.get("extends")
        if ext is None:
            raise self._fail()
        here = FsPath(doc.file).parent if doc.file and not doc.file.startswith("<") else FsPath(".")
        base_file = os.path.normpath(str(here / ext))
        if base_file in chain or os.path.normpath(doc.file) == base_file:
            loop = " -> ".join(chain + (doc.file, base_file))
            merge.problem(("extends",), f"extends itself ({loop})")
            raise self._fail()
        if not doc.file.startswith("<"):
            folders = allowed_folders(doc.file, self.roots)
            if not is_inside(base_file, folders):
                merge.problem(("extends",), f"'{ext}' leads outside the folders this redesign may extend a journey "
                                            f"from ({', '.join(folders)}): its own folder, the folders given and "
                                            "the project's (the one holding data/); name a journey inside them")
                raise self._fail()
        try:
            base = read(base_file)
        except JourneyError as exc:
            raise self._unreadable(ext, base_file, exc) from None
        if not _looks_like_journey(base.data):
            merge.problem(("extends",), f"'{ext}' is not a journey file (a journey has the keys journey, title, actors,"
                                        " start and steps; a redesign has extends); its contents are not shown")
            raise self._fail()
        if is_overlay(base.data):
            base, base_problems = resolve_overlay(base, read, chain + (os.path.normpath(doc.file),), self.roots)
            if base_problems:
                raise JourneyError(base_problems)
        return base

    def _unreadable(self, ext: str, base_file: str, exc: JourneyError) -> JourneyError:
        """The problem of a base that cannot be read or parsed, reported at ``extends`` without quoting the file."""
        first = exc.problems[0] if exc.problems else None
        if first is not None and first.message.startswith("YAML syntax:"):
            what = f"it is not valid YAML (line {first.line}, column {first.column} of it); check that file on its own"
        elif first is not None and first.line == 1 and first.column == 1 and not first.path:
            what = first.message
        else:
            what = "it cannot be read as a journey"
        if what == "no such file":
            self.merge.problem(("extends",), f"no such journey file: {base_file}")
        else:
            self.merge.problem(("extends",), f"'{ext}': {what}")
        return self._fail()

    def _top_level(self) -> None:
        """The base's top-level keys, replaced by the overlay's (its own keys aside); steps come later."""
        base, data = self.base.data, self.data
        for key, value in base.items():
            if key != "steps":
                data[key] = value
                self.merge.copy(self.base, (key,), (key,))
        for key, value in self.ov.items():
            if key not in OVERLAY_KEYS:
                data[key] = value
                self.merge.copy(self.doc, (key,), (key,))
        if "redesign_of" not in self.ov and isinstance(base.get("journey"), str):
            data["redesign_of"] = base["journey"]
        if "title" not in self.ov and isinstance(base.get("title"), str):
            data["title"] = base["title"] + " (redesign)"

    def _removals(self) -> None:
        """The steps to remove, by id, with their place in ``remove``."""
        for i, sid in enumerate(self.keys.get("remove", [])):
            if sid is INVALID:
                continue
            if sid not in self.by_id:
                self.merge.problem(("remove", i), f"unknown step '{sid}'{did_you_mean(sid, sorted(self.by_id))}")
            elif sid in self.removed:
                self.merge.problem(("remove", i), f"step '{sid}' is already removed")
            else:
                self.removed[sid] = i

    def _changes(self) -> None:
        """The changes that apply: to steps of the base that are not removed."""
        for sid, fields in self.keys.get("change", {}).items():
            if sid not in self.by_id:
                self.merge.problem(("change", sid), f"unknown step '{sid}'{did_you_mean(str(sid), sorted(self.by_id))}",
                                   at_key=True)
            elif sid in self.removed:
                self.merge.problem(("change", sid), f"step '{sid}' is removed; it cannot also be changed", at_key=True)
            elif fields is not INVALID:
                self.changes[sid] = fields

    def _rewire(self) -> None:
        """Exact state elimination: every branch into a removed step goes to its own branches instead, with the
        probabilities multiplied and a self-loop divided out. A removal that cannot be done is refused."""
        for sid, i in self.by_id.items():
            override = self.changes.get(sid, {})
            nxt = override["next"] if "next" in override else self.base_steps[i].get("next")
            branches = _next_as_map(nxt) if nxt is not None else {}
            if branches is not None:
                self.succ[sid] = branches
        refused = [x for x in self.removed if not self._eliminate(x)]
        for x in refused:  # a refused removal leaves the step in place, so nothing else breaks because of it
            del self.removed[x]

    def _eliminate(self, x: str) -> bool:
        """Rewire the branches into ``x`` around it; ``False`` (with a problem) when it cannot be removed."""
        succ, raw = self.succ, self.base_steps[self.by_id[x]]
        where = ("remove", self.removed[x])
        if "outcome" in raw and any(x in succ.get(u, {}) for u in succ if u != x):
            into = sorted(u for u in succ if u != x and x in succ[u] and u not in self.removed)
            who = ", ".join(f"'{u}'" for u in into) or "removed steps"
            verb = "leads" if len(into) == 1 else "lead"
            self.merge.problem(where, f"cannot remove '{x}': it ends the journey (outcome '{raw['outcome']}') and {who}"
                                      f" {verb} to it; change their next instead")
            return False
        out_x = succ.get(x)
        if out_x is None:
            return True
        nexts = {u: (self.changes[u]["next"] if isinstance(self.changes.get(u), dict) and "next" in self.changes[u]
                     else self.base_steps[i].get("next")) for u, i in self.by_id.items()}
        if any(_has_branch_wait(nexts[u]) for u in succ if u == x or x in succ[u]):
            self.merge.problem(where, f"cannot remove '{x}': a branch into or out of it has its own wait, which "
                                      "removing the step cannot carry over; change those steps' next instead")
            return False
        loop = out_x.get(x, 0.0)
        if loop >= 1.0 - 1e-12:
            self.merge.problem(where, f"cannot remove '{x}': it only leads back to itself")
            return False
        rest = {y: q / (1.0 - loop) for y, q in out_x.items() if y != x}
        for u, branches in succ.items():
            if u == x or x not in branches:
                continue
            a = branches.pop(x)
            for y, q in rest.items():
                branches[y] = branches.get(y, 0.0) + a * q
            self.rewired_by.setdefault(u, x)
        succ.pop(x)
        return True

    def _move_start(self) -> None:
        """A removed start step hands the start to its only successor; one that branches cannot be removed."""
        start, removed = self.data.get("start"), self.removed
        if not (isinstance(start, str) and start in removed and "start" not in self.ov):
            return
        out_x = _next_as_map(self.base_steps[self.by_id[start]].get("next")) or {}
        targets = [y for y in out_x if y != start]
        where = ("remove", removed[start])
        if len(targets) == 1:
            self.data["start"] = targets[0]
            self.merge.out.values[("start",)] = self.doc.where(where)
            self.merge.out.files[("start",)] = self.doc.file
            self.merge.out.aliases[("start",)] = where
        else:
            self.merge.problem(where, f"cannot remove the start step '{start}': it branches; set 'start' to another step")

    def _kept_steps(self) -> list[Any]:
        """The base's steps that are not removed, with their changes and rewired branches."""
        steps: list[Any] = []
        for i, raw in enumerate(self.base_steps):
            sid = raw.get("id") if isinstance(raw, dict) else None
            if sid in self.removed:
                continue
            k = len(steps)
            self.merge.copy(self.base, ("steps", i), ("steps", k))
            if not isinstance(raw, dict) or not isinstance(sid, str):
                steps.append(raw)
                continue
            step = self._changed(dict(raw), sid, k)
            if sid in self.rewired_by and sid in self.succ:
                step["next"] = _map_as_next(self.succ[sid])
                self._locate_rewired(k, ("remove", self.removed[self.rewired_by[sid]]))
            steps.append(step)
        return steps

    def _changed(self, step: dict[str, Any], sid: str, k: int) -> dict[str, Any]:
        """``step`` (at ``k`` in the merged steps) with the overlay's change applied; ``null`` deletes a key."""
        for key, value in self.changes.get(sid, {}).items():
            if value is None:
                step.pop(key, None)
            elif key in _MERGED_KEYS and isinstance(value, dict) and isinstance(step.get(key), dict):
                step[key] = {**step[key], **value}  # per-field sources: the change overrides field by field
                for f in value:
                    self.merge.copy(self.doc, ("change", sid, key, f), ("steps", k, key, f))
            else:
                step[key] = value
                self.merge.copy(self.doc, ("change", sid, key), ("steps", k, key))
        return step

    def _locate_rewired(self, k: int, where: Path) -> None:
        """A rewired ``next`` is reported at the removal that rewired it."""
        out = self.merge.out
        for p in [p for p in out.values if p[:3] == ("steps", k, "next")]:
            del out.values[p]
        out.values[("steps", k, "next")] = self.doc.where(where)
        out.files[("steps", k, "next")] = self.doc.file
        out.aliases[("steps", k, "next")] = where

    def _added_steps(self, start: int) -> list[Any]:
        """The overlay's new steps, placed from ``start`` on; an id the base already has must be changed instead."""
        steps: list[Any] = []
        for j, raw in enumerate(self.keys.get("add", [])):
            if isinstance(raw, dict) and raw.get("id") in self.by_id and raw.get("id") not in self.removed:
                self.merge.problem(("add", j, "id"),
                                   f"step '{raw['id']}' already exists in the base journey; use change to modify it")
                continue
            self.merge.copy(self.doc, ("add", j), ("steps", start + len(steps)))
            steps.append(raw)
        return steps

    def _drop_orphan_outcomes(self, steps: list[Any]) -> None:
        """Declared outcomes that only removed steps ended with: the redesign no longer has them."""
        declared = self.data.get("outcomes")
        if not self.removed or not isinstance(declared, dict) or "outcomes" in self.ov:
            return
        used = {s.get("outcome") for s in steps if isinstance(s, dict)}
        gone = {self.base_steps[self.by_id[x]].get("outcome") for x in self.removed} - used
        if gone & set(declared):
            self.data["outcomes"] = {k: v for k, v in declared.items() if k not in gone}

    def _add_actors(self) -> None:
        extra = self.keys.get("add_actors")
        if not extra:
            return
        if not isinstance(self.data.get("actors"), list):
            self.merge.problem(("add_actors",), "the base journey has no list of actors to add to")
            return
        actors = list(self.data["actors"])
        for j, actor in enumerate(extra):
            self.merge.copy(self.doc, ("add_actors", j), ("actors", len(actors)))
            actors.append(actor)
        self.data["actors"] = actors

    def _change_resources(self) -> None:
        """The overlay's changes to the base's resources, key by key."""
        changes = self.keys.get("change_resources")
        if not changes:
            return
        resources = self.data.get("resources")
        index = {r.get("id"): i for i, r in enumerate(resources) if isinstance(r, dict)} \
            if isinstance(resources, list) else {}
        resources = [dict(r) if isinstance(r, dict) else r for r in (resources or [])]
        for rid, fields in changes.items():
            if rid not in index:
                self.merge.problem(("change_resources", rid),
                                   f"unknown resource '{rid}'{did_you_mean(str(rid), sorted(str(k) for k in index))}",
                                   at_key=True)
                continue
            if fields is INVALID:
                continue
            i = index[rid]
            for key, value in fields.items():
                resources[i][key] = value
                self.merge.copy(self.doc, ("change_resources", rid, key), ("resources", i, key))
        self.data["resources"] = resources
