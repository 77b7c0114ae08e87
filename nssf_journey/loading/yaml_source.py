"""Safe YAML that remembers where every value was written.

Journey files are read with PyYAML's safe loader (the C one when available): no object is ever constructed
from a tag. The document is composed into nodes, then converted to plain Python values while the line and
column of every key and value are recorded by path, so that validation can point at the exact place of a
problem. Duplicate keys are errors; absurdly large files, alias-expansion bombs, recursive aliases, deep nesting
and integers too long to be numbers are refused with a clear, located message instead of a hang. The limits
hold while the document is composed (:class:`_WatchedLoader`), so a file over them is refused before its tree
fills the memory.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml
from yaml.composer import ComposerError
from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         StreamEndEvent)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import JourneyError, Path, Problem

#: Files larger than this are refused before parsing.
MAX_BYTES = 20 * 1024 * 1024
#: A document may hold at most this many values (mapping keys aside) once aliases are expanded.
MAX_NODES = 2_000_000
#: Integers with more digits are refused as too large before they are read (a 400-digit integer overflows every
#: conversion to a float); 15 digits is what a float holds exactly.
MAX_INTEGER_DIGITS = 15
#: Mappings and lists may nest at most this deep.
MAX_DEPTH = 100

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The C parser alone (events without nodes), when PyYAML was built with libyaml.
_CParser = getattr(getattr(yaml, "cyaml", None), "CParser", None)

#: The composer counts how much of the text it has read every this many nodes, to see a dense document coming.
_DENSITY_CHECK_EVERY = 65_536
#: A projection above this share of :data:`MAX_NODES` has the whole text counted (marks may count bytes, not
#: characters, so the projection of a text in Khmer reads low).
_PROJECTION_MARGIN = 0.7
_ALIAS_BOMB = "the document expands to more than {limit:,} YAML values (an alias bomb?); refusing to load it"
_TOO_MANY = "the document holds more than {limit:,} YAML values; refusing to load it"


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str):
        self.mark = mark
        self.message = message


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a memoised tag resolver.

    PyYAML resolves the tag of every scalar in Python with a series of regular expressions, even with the C
    parser; a journey repeats the same few thousand scalars, so caching the answer makes loading a large file
    several times faster. The answer depends only on the node kind, its text and whether it was plain.
    """

    _resolved: dict = {}

    def resolve(self, kind, value, implicit):  # noqa: D102 - PyYAML's signature
        key = (kind, value, implicit)
        try:
            return self._resolved[key]
        except KeyError:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) < 100_000:
                self._resolved[key] = tag
            return tag
        except TypeError:  # unhashable value: never for safe loading, but stay correct
            return super().resolve(kind, value, implicit)


def needs_watching(text: str) -> bool:
    """Whether composing ``text`` must be watched (:class:`_WatchedLoader`): it has aliases, or enough characters
    to hold more than :data:`MAX_NODES` values (every value but the root takes at least one character).

    Other texts (every journey of up to some 10,000 steps) are composed by the C composer, at its full speed.

    >>> needs_watching("a: &a [*a]"), needs_watching("a: [1, 2]")
    (True, False)
    """
    return "*" in text or len(text) + 1 > MAX_NODES


class _WatchedLoader(_Loader):
    """The safe loader, composing in Python over the C parser's events so that limits hold while composing.

    The C composer builds the whole node tree before anything can be checked: a recursive alias (``a: &a [*a]``)
    then hangs any walk of the tree, and a dense file of millions of values takes gigabytes before its size is
    known. This composer builds the same nodes from the same events and counts values as it goes, an alias
    counting as every value it stands for; it refuses an alias to a node that contains it, and limits nesting.
    Every :data:`_DENSITY_CHECK_EVERY` values it projects the values of the whole text from the part read so far;
    when the projection nears :data:`MAX_NODES`, the whole text is counted first from its parse events
    (:func:`count_values`, in small memory), so that a file over the limit is refused before its tree is built.
    It is slower than the C composer (it creates every parse event as a Python object: about 1.5 times the
    composing time), so it is used only for texts that need it (:func:`needs_watching`).
    """

    def __init__(self, text: str):
        _Loader.__init__(self, text)
        self._text = text
        self._text_length = max(len(text), 1)
        self._values = 0
        self._depth = 0
        self._next_check = _DENSITY_CHECK_EVERY
        self._counted = False
        self._nodes: dict[str, yaml.Node] = {}
        self._open: set[str] = set()
        self._sizes: dict[str, int] = {}

    def get_single_node(self) -> yaml.Node | None:
        """The root node of the only document, or ``None`` for an empty stream."""
        self.get_event()  # stream start
        node = None
        if type(self.peek_event()) is not StreamEndEvent:
            self.get_event()  # document start
            node = self._compose(False)
            self.get_event()  # document end
        if type(self.peek_event()) is not StreamEndEvent:
            event = self.get_event()
            raise ComposerError("expected a single document in the stream", node.start_mark if node else None,
                                "but found another document", event.start_mark)
        self.get_event()
        return node

    def _compose(self, is_key: bool) -> yaml.Node:
        event = self.get_event()
        kind = type(event)
        anchor = event.anchor if kind is not AliasEvent else None
        if anchor is not None and anchor in self._nodes:
            raise ComposerError(f"found duplicate anchor {anchor!r}; first occurrence", self._nodes[anchor].start_mark,
                                "second occurrence", event.start_mark)
        if kind is ScalarEvent:
            if not is_key:
                self._add(1, event.start_mark, _TOO_MANY)
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.resolve(ScalarNode, event.value, event.implicit)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if anchor is not None:
                self._nodes[anchor] = node
                self._sizes[anchor] = 1
            return node
        if kind is AliasEvent:
            alias = event.anchor
            if alias in self._open:
                raise _Refused(event.start_mark, f"the alias *{alias} refers to a node that contains it (a recursive "
                                                 "alias); refusing to load it")
            if alias not in self._nodes:
                raise ComposerError(None, None, f"found undefined alias {alias!r}", event.start_mark)
            if not is_key:
                self._add(self._sizes[alias], event.start_mark, _ALIAS_BOMB)
            return self._nodes[alias]
        before = self._values
        if not is_key:
            self._add(1, event.start_mark, _TOO_MANY)
        self._depth += 1
        if self._depth > MAX_DEPTH + 1:
            raise _Refused(event.start_mark, f"mappings and lists nest more than {MAX_DEPTH} levels deep")
        is_mapping = kind is MappingStartEvent
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(MappingNode if is_mapping else SequenceNode, None, event.implicit)
        node = (MappingNode if is_mapping else SequenceNode)(tag, [], event.start_mark, None,
                                                             flow_style=event.flow_style)
        if anchor is not None:
            self._nodes[anchor] = node
            self._open.add(anchor)
        items = node.value
        compose = self._compose
        end = MappingEndEvent if is_mapping else SequenceEndEvent
        peek = self.peek_event
        while type(peek()) is not end:
            if is_mapping:
                key = compose(True)
                items.append((key, compose(False)))
            else:
                items.append(compose(False))
        node.end_mark = self.get_event().end_mark
        self._depth -= 1
        if anchor is not None:
            self._open.discard(anchor)
            self._sizes[anchor] = max(self._values - before, 1)
        return node

    def _add(self, values: int, mark: yaml.Mark, message: str) -> None:
        """Count ``values`` more; refuse past the limit, or when the whole text, counted first, is over it."""
        self._values += values
        if self._values > MAX_NODES:
            raise _Refused(mark, message.format(limit=MAX_NODES))
        if self._values < self._next_check or message is _ALIAS_BOMB:  # an alias takes no memory: only count it
            return
        self._next_check = self._values + _DENSITY_CHECK_EVERY
        read = max(getattr(mark, "index", 0) or 0, 1)
        if not self._counted and self._values * self._text_length / read > MAX_NODES * _PROJECTION_MARGIN:
            self._counted = True
            if count_values(self._text) > MAX_NODES:
                raise _Refused(None, (_ALIAS_BOMB if "*" in self._text else _TOO_MANY).format(limit=MAX_NODES))


def count_values(text: str) -> int:
    """How many YAML values ``text`` holds (keys aside, aliases counted as what they stand for), from its parse
    events, in small memory; stops counting past :data:`MAX_NODES`.

    >>> count_values("a: 1\\nb: [x, y]\\nc: &c {d: 1}\\ne: *c\\n")
    9
    """
    events = _CParser(text) if _CParser is not None else yaml.SafeLoader(text)
    #: per open collection: [is a mapping, the next item is a key, values at its start, its anchor]
    stack: list[list[Any]] = []
    sizes: dict[str, int] = {}
    total = 0
    try:
        while events.check_event():
            event = events.get_event()
            kind = type(event)
            if kind in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
                _, _, start, anchor = stack.pop()
                if anchor is not None:
                    sizes[anchor] = total - start
                continue
            if kind not in (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent):
                continue
            is_key = bool(stack) and stack[-1][0] and stack[-1][1]
            if stack and stack[-1][0]:
                stack[-1][1] = not stack[-1][1]
            if kind is yaml.AliasEvent:
                total += 0 if is_key else sizes.get(event.anchor, 1)
            else:
                before = total
                total += 0 if is_key else 1
                if kind is yaml.ScalarEvent:
                    if event.anchor is not None:
                        sizes[event.anchor] = total - before
                else:
                    stack.append([kind is yaml.MappingStartEvent, True, before, event.anchor])
            if total > MAX_NODES:
                return total
    except yaml.YAMLError:
        pass  # the composer reports syntax errors at their place
    finally:
        dispose = getattr(events, "dispose", None)
        if dispose:
            dispose()
    return total


_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


@dataclass
class Document:
    """Plain data parsed from YAML, with the position of each value and key by path."""

    file: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: For documents merged from several files (redesign overlays): the file of each subtree, by path prefix.
    files: dict[Path, str] = field(default_factory=dict)
    #: For merged documents: how a merged path prefix is written in its own file (("steps", 3) -> ("add", 0)).
    aliases: dict[Path, Path] = field(default_factory=dict)

    def display_path(self, path: Path) -> Path:
        """``path`` as it is written in :meth:`file_of` ``(path)``."""
        if self.aliases:
            for cut in range(len(path), -1, -1):
                alias = self.aliases.get(path[:cut])
                if alias is not None:
                    return alias + path[cut:]
        return path

    def file_of(self, path: Path) -> str:
        """The file in which the value at ``path`` was written."""
        if self.files:
            for cut in range(len(path), -1, -1):
                f = self.files.get(path[:cut])
                if f is not None:
                    return f
        return self.file

    def where(self, path: Path) -> tuple[int, int]:
        """Line and column of the value at ``path``, or of its nearest ancestor (in the same file) that has one."""
        file = self.file_of(path) if self.files else None
        for cut in range(len(path), -1, -1):
            pos = self.values.get(path[:cut])
            if pos is not None and (file is None or self.file_of(path[:cut]) == file):
                return pos
        return (1, 1)

    def key_where(self, path: Path) -> tuple[int, int]:
        """Line and column of the key that introduces ``path`` (the value's position if there is no key)."""
        return self.keys.get(path) or self.where(path)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring its previous state afterwards.

    Parsing creates hundreds of thousands of small objects (nodes, marks, values) without reference cycles; the
    collector would otherwise rescan the growing heap again and again, making large files 3-4 times slower to load.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pos(mark: yaml.Mark | None) -> tuple[int, int]:
    if mark is None:
        return (1, 1)
    return (mark.line + 1, mark.column + 1)


class _Converter:
    def __init__(self, loader: Any, doc: Document, problems: list[Problem]):
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.nodes = 0

    def problem(self, mark: yaml.Mark | None, path: Path, message: str) -> None:
        from .problems import format_path

        line, col = _pos(mark)
        self.problems.append(Problem(self.doc.file, line, col, "error", format_path(path) if path else "", message))

    def convert(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(
                node.start_mark,
                _ALIAS_BOMB.format(limit=MAX_NODES),
            )
        mark = node.start_mark
        values = self.doc.values
        if path not in values:
            values[path] = (mark.line + 1, mark.column + 1)
        if type(node) is yaml.ScalarNode:  # the common case first: most nodes are scalars
            if node.tag == _STR_TAG:
                return node.value
            if node.tag == _INT_TAG:
                digits = sum(c.isdigit() for c in node.value)
                if digits > MAX_INTEGER_DIGITS:
                    self.problem(mark, path, f"an integer of {digits} digits is too large (at most {MAX_INTEGER_DIGITS} "
                                             "digits)")
                    return None
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                self.problem(mark, path, f"cannot read this value: {getattr(exc, 'problem', exc)}")
                return None
            except (ValueError, OverflowError) as exc:  # a date in year 10000, ...: the constructor's own limits
                self.problem(mark, path, f"cannot read this value: {exc}")
                return None
        if depth > MAX_DEPTH:
            raise _Refused(mark, f"mappings and lists nest more than {MAX_DEPTH} levels deep")
        if node.tag not in _PLAIN_COLLECTION_TAGS:
            self.problem(mark, path, f"unsupported YAML tag '{node.tag}'; journeys use plain YAML only")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        return [self.convert(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, yaml.Mark] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node.start_mark, path, "mapping keys must be plain text")
                continue
            key = str(key_node.value)
            if key in first_seen:
                line, col = _pos(first_seen[key])
                self.problem(
                    key_node.start_mark,
                    path + (key,),
                    f"duplicate key '{key}' (first defined at line {line}, column {col})",
                )
                continue
            first_seen[key] = key_node.start_mark
            self.doc.keys[path + (key,)] = _pos(key_node.start_mark)
            out[key] = self.convert(value_node, path + (key,), depth + 1)
        for source in merged:  # YAML merge keys (<<: *base): explicit keys win
            sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
            for src in sources:
                if not isinstance(src, yaml.MappingNode):
                    self.problem(src.start_mark, path, "a merge key (<<) must refer to a mapping")
                    continue
                for key, value in self.mapping(src, path, depth).items():
                    out.setdefault(key, value)
        return out


def parse_yaml(text: str, file: str, expected: str = "a journey mapping") -> Document:
    """Parse one YAML document safely, recording positions.

    ``expected`` says what the document should hold, for the message about an empty file.

    Raises
    ------
    JourneyError
        With every problem found: syntax errors, duplicate keys, unreadable values, size limits.

    Examples
    --------
    >>> doc = parse_yaml("a: 1\\nb:\\n  - x\\n", "demo.yaml")
    >>> doc.data
    {'a': 1, 'b': ['x']}
    >>> doc.where(("b", 0))
    (3, 5)
    """
    doc = Document(file=file, data=None)
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise JourneyError(
            [Problem(file, 1, 1, "error", "", f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; refusing to load it")]
        )
    problems: list[Problem] = []
    loader = (_WatchedLoader if needs_watching(text) else _Loader)(text)
    try:
        try:
            node = loader.get_single_node()
        except _Refused as exc:
            line, col = _pos(exc.mark)
            raise JourneyError([Problem(file, line, col, "error", "", exc.message)]) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = _pos(mark)
            what = exc.problem or exc.context or "invalid YAML"
            if exc.problem and exc.context and exc.context_mark is not None:
                cl, cc = _pos(exc.context_mark)
                what += f" ({exc.context} at line {cl}, column {cc})"
            raise JourneyError([Problem(file, line, col, "error", "", f"YAML syntax: {what}")]) from None
        except yaml.reader.ReaderError as exc:
            line = text.count("\n", 0, exc.position) + 1
            col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
            char = exc.character if isinstance(exc.character, str) else chr(exc.character)
            raise JourneyError(
                [Problem(file, line, col, "error", "", f"YAML syntax: character U+{ord(char):04X} is not allowed in YAML text")]
            ) from None
        except yaml.YAMLError as exc:
            message = " ".join(str(exc).split())
            raise JourneyError([Problem(file, 1, 1, "error", "", f"YAML syntax: {message}")]) from None
        except RecursionError:
            raise JourneyError(
                [Problem(file, 1, 1, "error", "", f"mappings and lists nest more than {MAX_DEPTH} levels deep")]
            ) from None
        if node is None:
            raise JourneyError([Problem(file, 1, 1, "error", "", f"the file is empty; expected {expected}")])
        converter = _Converter(loader, doc, problems)
        try:
            doc.data = converter.convert(node, (), 0)
        except _Refused as exc:
            line, col = _pos(exc.mark)
            raise JourneyError([Problem(file, line, col, "error", "", exc.message)]) from None
        except RecursionError:
            raise JourneyError(
                [Problem(file, 1, 1, "error", "", f"mappings and lists nest more than {MAX_DEPTH} levels deep")]
            ) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    if problems:
        raise JourneyError(problems)
    return doc
