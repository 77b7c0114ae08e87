"""The key tables of ``docs/format.md``, generated from the format's descriptions so they cannot drift.

Each table sits between two markers in the Markdown::

    <!-- fields: step -->
    | key | required | meaning |
    ...
    <!-- end fields -->

and :func:`render_tables` rewrites what is between them from the :class:`~.fields.Record` of that name: its keys,
whether each is required or what it defaults to, and its meaning. The prose around the tables is written by
hand. A test checks that the document is up to date; ``python -m nssf_journey.loading.format_docs`` updates it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from . import data_format as df
from . import format as fmt
from .fields import Derived, Field, Record

#: The records whose tables the documentation shows, by the name used in the markers.
TABLES: dict[str, Record] = {
    "journey": fmt.JOURNEY,
    "actor": fmt.ACTOR,
    "step": fmt.STEP,
    "outcome": fmt.OUTCOME,
    "calendar": fmt.CALENDAR,
    "resource": fmt.RESOURCE,
    "arrivals": fmt.ARRIVALS,
    "case_speed": fmt.CASE_SPEED,
    "profile": fmt.PROFILE,
    "source": fmt.SOURCE,
    "overlay": fmt.OVERLAY,
    "figure": df.FIGURE,
    "persona": df.PERSONA,
    "hotline": df.HOTLINE,
    "fact": df.FACT,
    "plain_language": df.PLAIN_LANGUAGE,
    "staff_cost": df.STAFF_COST,
    "pack_texts": df.PACK_TEXTS,
    "site": df.SITE,
    "situation": df.SITUATION,
    "journey_words": df.JOURNEY_WORDS,
    "chance": df.CHANCE,
    "staff_journey": df.STAFF_JOURNEY,
    "staff_line": df.STAFF_LINE,
    "return_reason": df.RETURN_REASON,
    "escalation": df.ESCALATION,
    "institution": df.INSTITUTION,
    "currency": df.CURRENCY,
}

_BLOCK = re.compile(r"(<!-- fields: (\w+) -->\n)(.*?)(<!-- end fields -->)", re.S)


def yaml_text(value: Any) -> str:
    """A default as it would be written in YAML.

    >>> yaml_text(["mon", "tue"]), yaml_text(0), yaml_text(True), yaml_text("service")
    ('[mon, tue]', '0', 'true', 'service')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_text(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def required_text(spec: Field) -> str:
    """The "required" cell: ``yes``, ``no``, or ``no`` with the default (``no (`service`)``, ``no (from `channel`)``)."""
    if spec.required:
        return "yes"
    if isinstance(spec.default, Derived):
        return f"no ({spec.default.text})"
    if spec.has_default:
        return f"no (`{yaml_text(spec.default)}`)"
    return "no"


def table(record: Record) -> str:
    """The Markdown table of a record's keys."""
    rows = ["| key | required | meaning |", "|---|---|---|"]
    for key, spec in record.fields.items():
        meaning = spec.doc or spec.kind.description[:1].upper() + spec.kind.description[1:] + "."
        meaning = meaning.replace("|", "\\|")  # a pipe inside a cell, even in code
        rows.append(f"| `{key}` | {required_text(spec)} | {meaning} |")
    return "\n".join(rows) + "\n"


def render_tables(text: str) -> str:
    """``text`` with every marked table regenerated; an unknown table name is an error."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in TABLES:
            raise KeyError(f"docs table '{name}' is not one of {', '.join(TABLES)}")
        return match.group(1) + table(TABLES[name]) + match.group(4)

    return _BLOCK.sub(replace, text)


def main(argv: list[str]) -> int:
    """Rewrite the tables of the Markdown files named (default ``docs/format.md``); say which changed."""
    for name in argv or ["docs/format.md"]:
        path = Path(name)
        old = path.read_text(encoding="utf-8")
        new = render_tables(old)
        if new != old:
            from ..output.atomic import write_text_atomic  # a leaf module: atomic writes, nothing else

            write_text_atomic(path, new)
            print(f"updated {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    sys.exit(main(sys.argv[1:]))
