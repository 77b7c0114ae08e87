"""Reading an input file: the one place that says why a file cannot be read.

Journeys and the files of the data folder are read the same way: as bytes, then decoded as UTF-8, so that a
missing file, a folder, a special file (a named pipe, a device, a symbolic link loop), a file without permission,
binary data and text in another encoding each get one located line instead of a traceback, and nothing blocks::

    journeys/x.yaml:2:11: error: the file is not UTF-8 text
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Any

from .problems import JourneyError, Problem
from .yaml_source import MAX_BYTES, Document, parse_yaml


#: What each kind of special file is called in messages, by the test of :mod:`stat` that recognises it.
_SPECIAL_FILES: tuple[tuple[Any, str], ...] = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str | None:
    """What a file that is neither a regular file nor a folder is, for messages; ``None`` for those two.

    >>> file_kind(os.stat("/dev/null").st_mode), file_kind(os.stat(".").st_mode)
    ('a character device', None)
    """
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, name in _SPECIAL_FILES:
        if test(mode):
            return name
    return "a special file"


def read_text(file: str | os.PathLike[str], expected: str = "a journey file") -> str:
    """The text of ``file``; :class:`JourneyError` with one problem when it cannot be read as UTF-8 text.

    ``expected`` names what the file should be, for the messages (``"a journey file"``, ``"a data file"``). The
    file is looked at before it is opened, and opened without waiting, so that a named pipe, a device such as
    ``/dev/zero``, a symbolic link loop or a file over :data:`~.yaml_source.MAX_BYTES` is named for what it is and
    never blocks or fills the memory.

    Examples
    --------
    >>> read_text("/nonexistent/x.yaml")
    Traceback (most recent call last):
    ...
    nssf_journey.loading.problems.JourneyError: /nonexistent/x.yaml:1:1: error: no such file
    >>> read_text("/dev/zero")
    Traceback (most recent call last):
    ...
    nssf_journey.loading.problems.JourneyError: /dev/zero:1:1: error: this is a character device, not a journey file
    """
    name = str(file)

    def fail(message: str, line: int = 1, column: int = 1) -> JourneyError:
        return JourneyError([Problem(name, line, column, "error", "", message)])

    def refuse_kind(mode: int) -> None:
        if stat.S_ISDIR(mode):
            raise fail(f"is a folder, expected {expected}")
        kind = file_kind(mode)
        if kind is not None:
            raise fail(f"this is {kind}, not {expected}")

    try:
        refuse_kind(os.stat(file).st_mode)
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise fail("a symbolic link to a file that does not exist" if os.path.islink(file) else "no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise fail(f"this is a symbolic link loop, not {expected}") from None
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        refuse_kind(info.st_mode)  # the file may have been replaced since it was looked at
        if info.st_size > MAX_BYTES:
            raise fail(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; refusing to load it")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise fail(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; refusing to load it")
    if b"\x00" in raw[:8192]:
        raise fail(f"this is not {expected} (it holds binary data, not text)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail("the file is not UTF-8 text", line, column) from None


def read_document(file: str | os.PathLike[str], expected: str = "a journey file",
                  content: str = "a journey mapping") -> Document:
    """Read and parse a YAML file, remembering positions; :class:`JourneyError` with every problem otherwise.

    ``content`` says what the document should hold, for the message about an empty file.
    """
    return parse_yaml(read_text(file, expected), str(file), content)
