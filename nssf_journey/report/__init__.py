"""The management report: one offline HTML page, Markdown, and the tables as CSV and JSON.

>>> from nssf_journey.report import build_report, write_report   # doctest: +SKIP
>>> write_report(build_report(journeys), "reports/")              # doctest: +SKIP

Build the report as data (:func:`build_report`), then write it (:func:`write_report`). Critical junctures
and redesign comparisons are computed elsewhere and come in as :class:`ExtraSection` values.
"""

from .build import build_report
from .document import Bottleneck, ExtraSection, Figure, JourneySection, KeyFigure, Report, Simulation, Table
from .output import MANIFEST, ReportConflict, report_files, write_report, write_report_files

__all__ = [
    "MANIFEST", "Bottleneck", "ExtraSection", "Figure", "JourneySection", "KeyFigure", "Report", "ReportConflict",
    "Simulation", "Table", "build_report", "report_files", "write_report", "write_report_files",
]
