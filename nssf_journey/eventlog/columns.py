"""Which columns of an event log hold what: the process-mining names by default, others when told.

An event log has one row per event: the case it belongs to, the activity, and when it happened. The defaults
are the names PM4Py, Disco and Celonis use (XES attribute names); a case system's export can name them
otherwise (``--case``, ``--activity``, ``--timestamp``, ``--start-timestamp``, ``--resource``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CASE = "case:concept:name"
ACTIVITY = "concept:name"
TIMESTAMP = "time:timestamp"
START_TIMESTAMP = "start_timestamp"
RESOURCE = "org:resource"
LIFECYCLE = "lifecycle:transition"
#: The outcome id on the event of a step that ends its case (as ``simulate --events`` writes it); optional.
OUTCOME = "outcome"


@dataclass(frozen=True)
class Columns:
    """The names of the columns to read. ``start_timestamp``, ``resource`` and ``lifecycle`` are optional:
    a log without them is read without them unless a name was given explicitly."""

    case: str = CASE
    activity: str = ACTIVITY
    timestamp: str = TIMESTAMP
    start_timestamp: str = START_TIMESTAMP
    resource: str = RESOURCE
    lifecycle: str = LIFECYCLE
    outcome: str = OUTCOME
    #: Optional columns the user named: a log without them is an error, not a quiet omission.
    required_optional: frozenset[str] = frozenset()
    #: A strptime format for text timestamps that are not ISO 8601 (``None``: ISO 8601).
    timestamp_format: str | None = None

    @property
    def required(self) -> tuple[str, ...]:
        return (self.case, self.activity, self.timestamp)

    @property
    def optional(self) -> tuple[str, ...]:
        return (self.start_timestamp, self.resource, self.lifecycle, self.outcome)

    def wanted(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.required + self.optional))


#: Words by which exports often name a role's column, best first.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "case": ("case", "id"),
    "activity": ("activity", "task", "step", "event", "action"),
    "timestamp": ("complete", "end", "timestamp", "time", "date"),
    "start timestamp": ("start",),
    "resource": ("resource", "user", "officer", "staff", "org"),
    "lifecycle": ("lifecycle", "transition"),
}


def closest(name: str, options: list[str], role: str = "") -> str:
    """``"; did you mean 'x'?"`` for the column most like ``name`` or named like its ``role``, else ``""``.

    >>> closest("time:timestamp", ["Case ID", "Activity", "Complete Timestamp"], "timestamp")
    "; did you mean 'Complete Timestamp'?"
    >>> closest("concept:name", ["Case ID", "Activity"], "activity")
    "; did you mean 'Activity'?"
    """
    lowered = {o.lower(): o for o in options}
    match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    if not match:
        for word in ROLE_WORDS.get(role, ()):
            match = [o for o in lowered if word in o.replace("_", " ").split() or o.startswith(word)][:1]
            if match:
                break
    return f"; did you mean '{lowered[match[0]]}'?" if match else ""


def missing_column_message(name: str, role: str, options: list[str]) -> str:
    """The message for a column that is not in the log: what exists and the closest match."""
    shown = ", ".join(f"'{o}'" for o in options[:30]) + (" ..." if len(options) > 30 else "")
    return f"no {role} column '{name}'; the log has {shown}{closest(name, options, role)}"
