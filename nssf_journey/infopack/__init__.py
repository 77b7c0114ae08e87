"""The NSSF Digital Info Pack: plain-language, phone-first guides generated from the journey models.

The ILO brief's first action was a Digital Info Pack: one trusted, simple source of information on benefits,
registration and claims that workers, employers and NSSF staff can open on a phone at any time. The pack is
generated from the same journeys (and the same exact analysis) as the management report, so the two cannot
disagree: times are the model's p50 and p90, chances are the analysis's outcome probabilities, amounts and
rates come from ``data/benefits.yaml`` with their sources.

- :func:`make_pack` -> the whole pack of journeys and the data folder, as ``nssf-journey infopack`` makes it;
- :func:`build_pack` -> :class:`Pack` of :class:`Page` values (data, no HTML);
- :func:`pack_files` -> ``{relative path: bytes}`` (HTML, CSS, JSON numbers beside each page);
- :func:`write_pack_files` writes them safely (manifest, atomic, never touching foreign files);
- :func:`translation_report` and :func:`plain_language_problems` check the texts.
"""

from .assemble import TranslationCheck, check_translations, make_pack
from .benefits import Benefits, Fact, load_benefits, parse_benefits
from .build import MAX_PAGE_BYTES, Pack, build_pack, journey_figures, oversized, pack_files
from .check import MissingTranslation, StyleProblem, plain_language_problems, translation_report
from .output import MANIFEST, PackConflict, check_out_dir, write_pack_files
from .page import AUDIENCES, PAGE_LANGUAGES, JourneyFigures, Page, build_page, has_page, usual_and_trouble_steps
from .timing import DEFAULT_SEED, Percentiles, journey_percentiles, step_percentiles

__all__ = [
    "AUDIENCES", "Benefits", "DEFAULT_SEED", "Fact", "JourneyFigures", "MANIFEST", "MAX_PAGE_BYTES",
    "MissingTranslation", "PAGE_LANGUAGES", "Pack", "PackConflict", "Page", "Percentiles", "StyleProblem",
    "TranslationCheck", "build_page", "build_pack", "check_out_dir", "check_translations", "has_page",
    "journey_figures", "journey_percentiles", "load_benefits", "make_pack", "oversized", "pack_files",
    "parse_benefits", "plain_language_problems", "step_percentiles", "translation_report", "usual_and_trouble_steps",
    "write_pack_files",
]
