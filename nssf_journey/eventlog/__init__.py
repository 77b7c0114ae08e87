"""Event logs in: read real case data, summarise it, and discover a journey from it.

A case system records, for each case (a registration request, a contribution filing, a claim), which activity
happened when. :func:`read_log` reads such an export (CSV, Parquet, XES) or a database query into an
:class:`EventLog`; :func:`summarize` gives the figures process-mining tools give (cases, variants, the
directly-follows graph with its times, case durations), equal to PM4Py's; :func:`discover` turns the log into a
:class:`~nssf_journey.model.Journey` whose every number is measured, and :func:`to_yaml` writes it as a journey
file.

Heavy readers (PyArrow, SQLAlchemy) are imported only when a log is read.
"""

from __future__ import annotations

from .errors import LogError, LogProblem
from .read import read_log
from .table import EventLog

__all__ = ["EventLog", "LogError", "LogProblem", "read_log", "summarize", "discover", "to_yaml", "LogSummary"]


def __getattr__(name: str):
    if name in ("summarize", "LogSummary"):
        from . import summary

        return getattr(summary, name)
    if name == "discover":
        from .discovery import discover

        return discover
    if name == "to_yaml":
        from .writer import to_yaml

        return to_yaml
    raise AttributeError(f"module 'nssf_journey.eventlog' has no attribute '{name}'")
