"""Safe YAML that remembers where every value was written.

Journey files are read with PyYAML's safe loader (the C one when available): no object is ever constructed
from a tag. The document is composed into nodes, then converted to plain Python values while the line and
column of every key and value are recorded by path, so that validation can point at the exact place of a
problem. Duplicate keys are errors; absurdly large files and alias-expansion bombs are refused with a clear
message instead of a hang.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

from .problems import JourneyError, Path, Problem

#: Files larger than this are refused before parsing.
MAX_BYTES = 20 * 1024 * 1024
#: A document may hold at most this many nodes once aliases are expanded.
MAX_NODES = 2_000_000
#: Mappings and lists may nest at most this deep.
MAX_DEPTH = 100

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
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


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str):
        self.mark = mark
        self.message = message


def expanded_size(root: yaml.Node) -> int:
    """How many nodes the document holds once every alias is expanded, without expanding it.

    Shared (aliased) nodes are counted once per reference; each distinct node is visited once.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = (
            [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else list(node.value)
        )
        if children_done:
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), MAX_NODES + 1)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


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
                f"the document expands to more than {MAX_NODES:,} YAML nodes (an alias bomb?); refusing to load it",
            )
        mark = node.start_mark
        values = self.doc.values
        if path not in values:
            values[path] = (mark.line + 1, mark.column + 1)
        if type(node) is yaml.ScalarNode:  # the common case first: most nodes are scalars
            if node.tag == _STR_TAG:
                return node.value
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                self.problem(mark, path, f"cannot read this value: {getattr(exc, 'problem', exc)}")
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
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
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
        if "*" in text and expanded_size(node) > MAX_NODES:  # no '*', no alias: nothing can expand
            raise JourneyError(
                [
                    Problem(
                        file, 1, 1, "error", "",
                        f"the document expands to more than {MAX_NODES:,} YAML nodes (an alias bomb?); refusing to load it",
                    )
                ]
            )
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
