"""The NSSF Digital Info Pack: plain-language, phone-first guides generated from the journey models.

The ILO brief's first action was a Digital Info Pack: one trusted, simple source of information on benefits,
registration and claims that workers, employers and NSSF staff can open on a phone at any time. The pack is
generated from the same journeys (and the same exact analysis and simulation) as the management report, so the
two cannot disagree: service promises are the model's p50 and p90, chances come from the absorbing Markov
chain, amounts and rates from ``data/benefits.yaml`` with their sources. The home page starts from situations
in the reader's words; staff guides add a case clock, a counter checklist, the reasons cases come back, a
script and an escalation path from ``data/staff_guide.yaml``; every guide prints as an A4 leaflet with a QR
code to its address online (``data/infopack.yaml``).

- :func:`make_pack` -> the whole pack of journeys and the data folder, as ``nssf-journey infopack`` makes it;
- :func:`load_pack_inputs` -> :class:`PackInputs` (every problem of every data file at once);
- :func:`build_pack` -> :class:`Pack` of :class:`Page` and :class:`StaffPage` values (data, no HTML);
- :func:`pack_files` -> ``{relative path: bytes}`` (HTML, CSS, JSON numbers beside each page);
- :func:`write_pack_files` writes them safely (manifest, atomic, never touching foreign files);
- :func:`translation_report`, :func:`english_on_khmer_pages` and :func:`plain_language_problems` check the texts.
"""

from .assemble import TranslationCheck, check_translations, make_pack
from .benefits import Benefits, Fact, load_benefits, parse_benefits
from .build import (MAX_PAGE_BYTES, Pack, PackInputs, build_pack, journey_figures, load_pack_inputs, oversized,
                    pack_files)
from .check import (EnglishOnKhmerPage, MissingTranslation, StyleProblem, english_on_khmer_pages,
                    plain_language_problems, translation_report)
from .output import MANIFEST, PackConflict, check_out_dir, write_pack_files
from .pack_data import PackTexts, load_pack_texts, parse_pack_texts
from .page import AUDIENCES, PAGE_LANGUAGES, JourneyFigures, Page, build_page, has_page, usual_and_trouble_steps
from .staff_data import StaffGuide, load_staff_guide, parse_staff_guide
from .staff_page import StaffPage, build_staff_page
from .timing import DEFAULT_SEED, Percentiles, journey_percentiles, service_times, step_percentiles

__all__ = [
    "AUDIENCES", "Benefits", "DEFAULT_SEED", "EnglishOnKhmerPage", "Fact", "JourneyFigures", "MANIFEST",
    "MAX_PAGE_BYTES", "MissingTranslation", "PAGE_LANGUAGES", "Pack", "PackConflict", "PackInputs", "PackTexts",
    "Page", "Percentiles", "StaffGuide", "StaffPage", "StyleProblem", "TranslationCheck", "build_pack",
    "build_page", "build_staff_page", "check_out_dir", "check_translations", "english_on_khmer_pages", "has_page",
    "journey_figures", "journey_percentiles", "load_benefits", "load_pack_inputs", "load_pack_texts",
    "load_staff_guide", "make_pack", "oversized", "pack_files", "parse_benefits", "parse_pack_texts",
    "parse_staff_guide", "plain_language_problems", "service_times", "step_percentiles", "translation_report",
    "usual_and_trouble_steps", "write_pack_files",
]
