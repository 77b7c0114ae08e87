"""The management report: one offline HTML page, Markdown, and the tables as CSV and JSON.

>>> from nssf_journey.report import make_report, write_report    # doctest: +SKIP
>>> report, warnings = make_report(["journeys/"])                 # doctest: +SKIP
>>> write_report(report, "reports/")                              # doctest: +SKIP

:func:`make_report` makes the whole report that ``nssf-journey report`` writes, from journey files or journeys:
simulations, critical junctures, queues and redesign comparisons included. Underneath, :func:`build_report`
builds the report as data from journeys and what was computed about them (critical junctures and redesign
comparisons come in as :class:`ExtraSection` values), and :func:`write_report` writes it.
"""

from .assemble import comparison_report_files, make_comparison_report, make_report
from .build import build_report
from .document import Bottleneck, ExtraSection, Figure, JourneySection, KeyFigure, Report, Simulation, Table
from .output import MANIFEST, ReportConflict, report_files, write_report, write_report_files

__all__ = [
    "MANIFEST", "Bottleneck", "ExtraSection", "Figure", "JourneySection", "KeyFigure", "Report", "ReportConflict",
    "Simulation", "Table", "build_report", "comparison_report_files", "make_comparison_report", "make_report",
    "report_files", "write_report", "write_report_files",
]
