"""Write a calibrated journey back into its own file: only the numbers change, everything else stays as written.

A hand-written journey holds far more than numbers: guides, Khmer translations, pain points, comments, the order
and layout its authors chose. Writing the calibrated journey afresh would lose them, so :func:`edit_journey_text`
edits the original text instead: it finds each changed value by its place in the YAML (PyYAML's nodes know where
they start and end) and replaces it, or adds the key to its mapping with the mapping's own indentation (or inside
its braces). Durations, waits, branches and sources are written in flow style on one line, as ``discover`` writes
them. The result is parsed again and checked against the calibrated journey before it is returned.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from ..distributions import Distribution, Fixed
from ..eventlog.writer import duration as duration_text
from ..eventlog.writer import number
from ..loading.data import Source
from ..model import Branch, CaseSpeed, Journey, LogReference, ParameterSource, Step
from ..units import MINUTES_PER


class _Edits:
    """Replacements ``(start, end, text)`` of a text, applied from the end so that positions stay valid."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.edits: list[tuple[int, int, int, str]] = []

    def add(self, start: int, end: int, replacement: str) -> None:
        self.edits.append((start, end, len(self.edits), replacement))

    def apply(self) -> str:
        out = self.text
        for start, end, _, replacement in sorted(self.edits, key=lambda e: (-e[0], -e[2])):
            out = out[:start] + replacement + out[end:]
        return out

    # -- positions
    def end_of(self, node: yaml.Node) -> int:
        """Where the text of ``node`` ends (for a block collection: where its last value ends)."""
        if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
            return self.end_of(node.value[-1][1])
        if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
            return self.end_of(node.value[-1])
        end = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t":
            end -= 1
        return end

    def line_end(self, index: int) -> int:
        """The position after the end of the line ``index`` is on (after its newline)."""
        if index > 0 and self.text[index - 1] == "\n":
            return index
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def after_colon(self, key: yaml.Node) -> int:
        """The position right after the ``:`` that follows ``key``."""
        return self.text.index(":", key.end_mark.index) + 1

    # -- edits of a mapping
    def set(self, mapping: yaml.MappingNode, key: str, value: str) -> None:
        """Set ``key`` of ``mapping`` to the YAML text ``value`` (replacing its value, or adding the key)."""
        for k, v in mapping.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                if isinstance(v, (yaml.MappingNode, yaml.SequenceNode)) and not v.flow_style:
                    self.add(self.after_colon(k), self.end_of(v), " " + value)
                else:
                    self.add(v.start_mark.index, self.end_of(v), value)
                return
        self.insert(mapping, key, value)

    def insert(self, mapping: yaml.MappingNode, key: str, value: str) -> None:
        if mapping.flow_style:
            close = mapping.end_mark.index - 1
            if self.text[close] != "}":
                raise ValueError(f"cannot add '{key}' at line {mapping.start_mark.line + 1}")
            self.add(close, close, f", {key}: {value}")
            return
        first = mapping.value[0][0]
        at = self.line_end(self.end_of(mapping))
        text = " " * first.start_mark.column + f"{key}: {value}\n"
        if at == len(self.text) and not self.text.endswith("\n"):
            text = "\n" + text
        self.add(at, at, text)


def _get(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _quoted(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def _duration(d: Distribution, scale: float) -> str:
    return "0" if isinstance(d, Fixed) and d.value == 0 else duration_text(d, scale)


def _branches(branches: tuple[Branch, ...], scale: float) -> str:
    items = []
    for b in branches:
        wait = f", wait: {_duration(b.wait, scale)}" if b.has_wait else ""
        items.append(f"{{to: {b.to}, p: {number(b.p)}{wait}}}")
    return "[" + ", ".join(items) + "]"


def _sources(sources: tuple[ParameterSource, ...]) -> tuple[str, str] | None:
    """The ``source`` and ``evidence`` values of a step: one text when every number shares it, else mappings."""
    if not sources:
        return None
    if len({s.text for s in sources}) == 1 and len({s.evidence for s in sources}) == 1:
        return _quoted(sources[0].text), sources[0].evidence
    return ("{" + ", ".join(f"{s.field}: {_quoted(s.text)}" for s in sources) + "}",
            "{" + ", ".join(f"{s.field}: {s.evidence}" for s in sources) + "}")


def _step_edits(e: _Edits, node: yaml.MappingNode, old: Step, new: Step, scale: float) -> None:
    if new.duration != old.duration:
        e.set(node, "duration", _duration(new.duration, scale))
    if new.wait != old.wait:
        e.set(node, "wait", _duration(new.wait, scale))
    if new.next != old.next:
        written = _get(node, "next")
        if isinstance(written, yaml.SequenceNode) and len(written.value) == len(new.next) and all(
                isinstance(item, yaml.MappingNode) for item in written.value):
            by_target = {b.to: b for b in new.next}
            for item in written.value:
                to = _get(item, "to")
                b = by_target[to.value] if isinstance(to, yaml.ScalarNode) else None
                before = next((x for x in old.next if b is not None and x.to == b.to), None)
                if b is None or before is None:
                    raise ValueError(f"step '{new.id}': cannot match the branches of 'next'")
                if b.p != before.p:
                    e.set(item, "p", number(b.p))
                if b.wait != before.wait:
                    if b.has_wait or _get(item, "wait") is not None:
                        e.set(item, "wait", _duration(b.wait, scale))
        elif not (len(new.next) == 1 and new.next[0].p == 1 and not new.next[0].has_wait):
            e.set(node, "next", _branches(new.next, scale))
    if new.sources != old.sources:
        written = _sources(new.sources)
        if written is None:
            return
        e.set(node, "source", written[0])
        e.set(node, "evidence", written[1])


def _case_speed(speed: CaseSpeed) -> str:
    parts = [f"shared: {number(speed.shared)}", f"carried: {number(speed.carried)}"]
    if speed.source is not None:
        parts += [f"source: {_quoted(speed.source.text)}", f"evidence: {speed.source.evidence}"]
    return "{" + ", ".join(parts) + "}"


def _event_log(ref: LogReference) -> str:
    options = ref.read_options()
    if not options:
        return _quoted(ref.file)
    return "{" + ", ".join(f"{k}: {_quoted(v)}" for k, v in {"file": ref.file, **options}.items()) + "}"


def _source_entry(b: Source) -> str:
    parts = [f"id: {b.id}", f"title: {_quoted(b.title)}"]
    if b.year:
        parts.append(f"year: {b.year}")
    if b.notes:
        parts.append(f"notes: {_quoted(b.notes)}")
    return "{" + ", ".join(parts) + "}"


def _top_level(e: _Edits, root: yaml.MappingNode, key: str, value: str) -> None:
    """Set a top-level key; a new one goes before ``steps:`` (on lines of its own)."""
    if _get(root, key) is not None:
        e.set(root, key, value)
        return
    steps_key = next(k for k, _ in root.value if isinstance(k, yaml.ScalarNode) and k.value == "steps")
    at = steps_key.start_mark.index - steps_key.start_mark.column
    e.add(at, at, f"{key}: {value}\n")


def _bibliography(e: _Edits, root: yaml.MappingNode, entry: Source) -> None:
    listed = _get(root, "bibliography")
    text = _source_entry(entry)
    if not isinstance(listed, yaml.SequenceNode) or not listed.value:
        _top_level(e, root, "bibliography", f"[{text}]")
        return
    for item in listed.value:
        if isinstance(_get(item, "id"), yaml.ScalarNode) and _get(item, "id").value == entry.id:
            e.add(item.start_mark.index, e.end_of(item), text)
            return
    if listed.flow_style:
        close = listed.end_mark.index - 1
        e.add(close, close, f", {text}")
        return
    last = listed.value[-1]
    line_start = e.text.rfind("\n", 0, last.start_mark.index) + 1
    dash = e.text.index("-", line_start)
    at = e.line_end(e.end_of(last))
    e.add(at, at, " " * (dash - line_start) + f"- {text}\n")


def edit_journey_text(text: str, old: Journey, new: Journey) -> str:
    """The text of the journey file ``text`` (of journey ``old``) with the numbers, sources, ``case_speed``,
    ``event_log`` and bibliography of ``new`` (the same journey, calibrated).

    Raises ``ValueError`` when the text cannot be edited in place (it is not the file of ``old``), and
    ``RuntimeError`` when the edited text would not load back to ``new``'s numbers.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("not a journey mapping")
    if _get(root, "extends") is not None:
        raise ValueError("a redesign overlay (extends): calibrate the journey it extends")
    scale = MINUTES_PER[old.time_unit]
    e = _Edits(text)
    steps = _get(root, "steps")
    nodes = {}
    for item in steps.value if isinstance(steps, yaml.SequenceNode) else ():
        sid = _get(item, "id")
        if isinstance(sid, yaml.ScalarNode):
            nodes[sid.value] = item
    for before, after in zip(old.steps, new.steps):
        if before != after:
            _step_edits(e, nodes[before.id], before, after, scale)
    if new.case_speed is not None and new.case_speed != old.case_speed:
        _top_level(e, root, "case_speed", _case_speed(new.case_speed))
    if new.event_log is not None and new.event_log != old.event_log:
        _top_level(e, root, "event_log", _event_log(new.event_log))
    for entry in new.bibliography:
        if entry not in old.bibliography:
            _bibliography(e, root, entry)
    out = e.apply()
    _check(out, old, new)
    return out


def _check(text: str, old: Journey, new: Journey) -> None:
    """The edited text loads back to the calibrated numbers, or this is a bug worth stopping for."""
    from ..loading.loader import parse_journey

    back = parse_journey(text, old.file or "<calibrated>")

    def close(a: float, b: float) -> bool:
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)

    problems: list[Any] = []
    for s, t in zip(new.steps, back.steps):
        if not (close(s.duration.mean, t.duration.mean) and close(s.wait.mean, t.wait.mean)):
            problems.append(s.id)
        if [(b.to, round(b.p, 12)) for b in s.next] != [(b.to, round(b.p, 12)) for b in t.next] or not all(
                close(b.wait.mean, c.wait.mean) for b, c in zip(s.next, t.next)):
            problems.append(s.id)
        if {x.field: x.evidence for x in s.sources} != {x.field: x.evidence for x in t.sources}:
            problems.append(s.id)
    if problems:
        raise RuntimeError(f"the edited journey does not load back to the calibrated numbers at {problems[0]}")
