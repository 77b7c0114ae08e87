"""Checks of the pack's texts: which have no Khmer translation, which English stands on a Khmer page, and which
texts are not plain language.

Both read the YAML files themselves (with positions), so every finding points at a file, a line and a column.

Plain language (``data/plain_language.yaml`` holds the limits and the allowed terms):

- a sentence has at most ``max_sentence_words`` words, and a text at most ``max_average_words`` on average;
- a step's guide speaks to the reader ("you", "your");
- no jargon: none of the listed ``jargon`` words, no acronym and no very long word unless it is an allowed term;
- each file's guide text together reaches a Flesch reading ease of at least ``min_reading_ease``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator, Mapping

from ..loading.data import read_data
from ..loading.data_format import DATA_FILES
from ..loading.files import read_document
from ..loading.problems import JourneyError, format_path
from ..loading.yaml_source import Document

#: Fields whose text the pack shows, by where they sit in a journey file.
JOURNEY_TEXT_FIELDS = ("title", "summary", "eligibility")
STEP_TEXT_FIELDS = ("name", "guide", "where")
STEP_LIST_FIELDS = ("documents", "tips", "pain_points")
OUTCOME_TEXT_FIELDS = ("name", "description", "guide")
#: Fields written for the pack in plain language (checked for style).
PLAIN_FIELDS = {"summary", "eligibility", "guide", "where", "documents", "tips", "text"}
#: Fields that must speak to the reader.
SECOND_PERSON_FIELDS = {"guide", "summary"}
#: Fields that hold phrases, not sentences (a list of documents, a place).
PHRASE_FIELDS = {"where", "documents"}


@dataclass(frozen=True)
class MissingTranslation:
    """A text the pack shows that has no translation into ``lang``."""

    file: str
    line: int
    column: int
    path: str
    lang: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: no Khmer translation (shown in English)" if self.lang == "km" else \
            f"{self.file}: {self.path}: no '{self.lang}' translation (shown in English)"


@dataclass(frozen=True)
class StyleProblem:
    """A text that is not plain language."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.path}: {self.message}"


def _doc(file: str | Path) -> Document:
    return read_document(file)


def shown_texts(doc: Document) -> Iterator[tuple[tuple, Any, str]]:
    """``(path, value, field)`` of every text a journey file shows in the pack."""
    data = doc.data if isinstance(doc.data, dict) else {}
    if "journey" not in data:  # a data file: benefits.yaml, infopack.yaml, staff_guide.yaml
        yield from _data_texts(data, ())
        return
    for key in JOURNEY_TEXT_FIELDS:
        if key in data:
            yield (key,), data[key], key
    for i, stage in enumerate(data.get("stages") or []):
        yield ("stages", i), stage, "stage"
    for i, actor in enumerate(data.get("actors") or []):
        if isinstance(actor, dict) and "name" in actor:
            yield ("actors", i, "name"), actor["name"], "name"
    for i, step in enumerate(data.get("steps") or []):
        if not isinstance(step, dict):
            continue
        for key in STEP_TEXT_FIELDS:
            if key in step:
                yield ("steps", i, key), step[key], key
        for key in STEP_LIST_FIELDS:
            for k, item in enumerate(step.get(key) or []):
                yield ("steps", i, key, k), item, key
    outcomes = data.get("outcomes") or {}
    if isinstance(outcomes, dict):
        for oid, o in outcomes.items():
            if isinstance(o, dict):
                for key in OUTCOME_TEXT_FIELDS:
                    if key in o:
                        yield ("outcomes", oid, key), o[key], key


#: Keys of data files whose values are texts the pack shows.
DATA_TEXT_KEYS = {"text", "institution", "short_name", "when", "to"}


def _data_texts(value: Any, path: tuple) -> Iterator[tuple[tuple, Any, str]]:
    """Texts of a data file: the values of :data:`DATA_TEXT_KEYS`, and every ``{en: ...}`` mapping."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in DATA_TEXT_KEYS and (isinstance(v, str) or (isinstance(v, dict) and "en" in v)):
                yield path + (k,), v, "text"
            elif isinstance(v, dict) and isinstance(v.get("en"), str):
                yield path + (k,), v, "text"
            else:
                yield from _data_texts(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _data_texts(v, path + (i,))


def is_redesign(doc: Document) -> bool:
    """Is the file a redesign (``extends`` or ``redesign_of``)? The pack describes today's service only."""
    return isinstance(doc.data, dict) and ("extends" in doc.data or "redesign_of" in doc.data)


def translation_report(files: list[str | Path], lang: str = "km") -> tuple[list[MissingTranslation], dict[str, str]]:
    """Texts without a translation into ``lang`` in ``files``, and each file's declared translation status.

    Redesigns are left out: the pack shows only today's journeys.
    """
    missing: list[MissingTranslation] = []
    status: dict[str, str] = {}
    for file in files:
        doc = _doc(file)
        if is_redesign(doc):
            continue
        data = doc.data if isinstance(doc.data, dict) else {}
        tr = data.get("translations") or {}
        status[str(file)] = tr.get(lang, "none") if isinstance(tr, dict) else "none"
        for path, value, _ in shown_texts(doc):
            if isinstance(value, dict) and isinstance(value.get(lang), str) and value[lang].strip():
                continue
            line, col = doc.where(path)
            missing.append(MissingTranslation(str(file), line, col, format_path(path), lang))
    return missing, status


# ------------------------------------------------------------------------------------------- plain language

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9(])")
_WORD = re.compile(r"[A-Za-z0-9$%][A-Za-z0-9$%'.,\-]*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}\b")


def sentences(text: str) -> list[str]:
    """Sentences of a text (split after . ! ? before a capital, digit or quote)."""
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text.strip())) if s]


def words(text: str) -> list[str]:
    return [w.strip(".,'") for w in _WORD.findall(text) if w.strip(".,'")]


def syllables(word: str) -> int:
    """An English syllable estimate (vowel groups, silent final e); at least 1."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(1, n)


def reading_ease(texts: list[str]) -> float:
    """Flesch reading ease of texts taken together (higher is easier; 60-70 is plain English)."""
    sents = [s for t in texts for s in sentences(t)]
    ws = [w for s in sents for w in words(s)]
    if not sents or not ws:
        return 100.0
    syl = sum(syllables(w) for w in ws)
    return 206.835 - 1.015 * (len(ws) / len(sents)) - 84.6 * (syl / len(ws))


@dataclass(frozen=True)
class Rules:
    max_sentence_words: int
    max_average_words: float
    min_reading_ease: float
    long_word_letters: int
    allowed: frozenset[str]
    jargon: dict[str, str]


def load_rules(file: str | Path) -> Rules:
    """The limits and word lists of ``data/plain_language.yaml``; :class:`JourneyError` listing every problem."""
    ck, data = read_data(file, DATA_FILES["plain_language"])
    if ck.has_errors:
        raise JourneyError(ck.problems)
    return Rules(
        data["max_sentence_words"], data["max_average_words"], data["min_reading_ease"], data["long_word_letters"],
        frozenset(t.lower() for t in data.get("allowed_terms") or []),
        {k.lower(): v for k, v in (data.get("jargon") or {}).items()},
    )


def plain_language_problems(files: list[str | Path], rules: Rules) -> list[StyleProblem]:
    """Plain-language problems of the English texts written for the pack in ``files``."""
    problems: list[StyleProblem] = []
    for file in files:
        doc = _doc(file)
        if is_redesign(doc):
            continue
        corpus: list[str] = []
        for path, value, field in shown_texts(doc):
            if field not in PLAIN_FIELDS:
                continue
            text = value.get("en") if isinstance(value, dict) else value
            if not isinstance(text, str):
                continue
            where = path + (("en",) if isinstance(value, dict) else ())
            line, col = doc.where(where)

            def problem(message: str) -> None:
                problems.append(StyleProblem(str(file), line, col, format_path(path), message))

            _check_text(text, field, rules, problem)
            if field not in PHRASE_FIELDS:
                corpus.append(text)
        ease = reading_ease(corpus)
        if corpus and ease < rules.min_reading_ease:
            problems.append(StyleProblem(str(file), 1, 1, "(all guide text)",
                                         f"reading ease {ease:.0f} is below {rules.min_reading_ease:g}: "
                                         "use shorter words and sentences"))
    return problems


def _check_text(text: str, field: str, rules: Rules, problem: Any) -> None:
    sents = sentences(text)
    if field not in PHRASE_FIELDS:
        for s in sents:
            n = len(words(s))
            if n > rules.max_sentence_words:
                problem(f"sentence of {n} words (at most {rules.max_sentence_words}): '{s[:60]}...'")
        if sents:
            avg = sum(len(words(s)) for s in sents) / len(sents)
            if avg > rules.max_average_words:
                problem(f"{avg:.1f} words per sentence on average (at most {rules.max_average_words:g})")
    if field in SECOND_PERSON_FIELDS and not re.search(r"\b(you|your|yours|yourself)\b", text, re.I):
        problem('not in the second person: speak to the reader ("you", "your")')
    lowered = text.lower()
    for term, better in rules.jargon.items():
        if re.search(r"(?<![a-z])" + re.escape(term) + r"(?![a-z])", lowered):
            problem(f"jargon '{term}': {better}")
    for acronym in _ACRONYM.findall(text):
        if acronym.lower() not in rules.allowed:
            problem(f"acronym '{acronym}' is not an allowed term (data/plain_language.yaml)")
    for w in words(text):
        bare = w.strip("$%").lower()
        if len(bare) >= rules.long_word_letters and bare.isalpha() and bare not in rules.allowed:
            problem(f"long word '{w}': use a shorter one or add it to the allowed terms")


# --------------------------------------------------------------------------------- English on Khmer pages

#: Three or more Latin-script words in a row: an English sentence or phrase, not a name or a number.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*(?:[ \t\n,;:()/&]+[A-Za-z][A-Za-z'\u2019\-]*){2,}[.!?]?")
_SKIPPED_TAGS = {"style", "script", "svg", "cite"}
_VOID_TAGS = {"meta", "link", "br", "img", "hr", "input"}


@dataclass(frozen=True)
class EnglishOnKhmerPage:
    """English text on a Khmer page, outside names, numbers and sources."""

    page: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}: English on a Khmer page: '{self.text}'"


class _KhmerTextParser(HTMLParser):
    """Collects the text of a page that is meant to be Khmer: not in a source (``cite``), not in an element
    marked with another language (``lang="en"``: the language switch, an address), not in styles or drawings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its text exempt?
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            return
        lang = dict(attrs).get("lang")
        exempt = (bool(self.stack) and self.stack[-1]) or tag in _SKIPPED_TAGS or (lang is not None and lang != "km")
        self.stack.append(exempt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.texts.append(data)


def english_sentences(html: str) -> list[str]:
    """English phrases (three or more Latin-script words in a row) in the Khmer text of a page.

    >>> english_sentences('<p>ទូរស័ព្ទ ACLEDA ១២៨៦ US$៣</p><cite lang="en">NSSF official website</cite>'
    ...                   '<p>សូម Show your card here.</p>')
    ['Show your card here.']
    """
    parser = _KhmerTextParser()
    parser.feed(html)
    parser.close()
    return [m.group(0).strip() for text in parser.texts for m in _LATIN_RUN.finditer(text)]


def english_on_khmer_pages(files: Mapping[str, bytes]) -> list[EnglishOnKhmerPage]:
    """Every English phrase on the Khmer pages (``km/...html``) of a pack's files, page by page."""
    out = []
    for name in sorted(files):
        if name.startswith("km/") and name.endswith(".html"):
            out += [EnglishOnKhmerPage(name, s) for s in english_sentences(files[name].decode("utf-8"))]
    return out


def translation_lines(missing: list[MissingTranslation], status: dict[str, str],
                      english: list[EnglishOnKhmerPage], pages: list[str]) -> list[str]:
    """The report of ``--check-translations``: texts without Khmer (file by file), a count, the Khmer pages that
    show English (page by page, with the phrases), how many of ``pages`` show none, and the files still in draft.
    """
    out = [str(m) for m in missing]
    files_missing = sum(1 for f in status if any(m.file == f for m in missing))
    n = len(missing)
    out.append(f"{n} text{'s' if n != 1 else ''} without Khmer in {files_missing} of {len(status)} files "
               "(shown in English on Khmer pages)")
    for page in pages:
        found = [x.text for x in english if x.page == page]
        if found:
            out.append(f"{page}: {len(found)} English phrase{'s' if len(found) != 1 else ''}: "
                       + "; ".join(f"'{t}'" for t in found))
    out.append(f"Khmer pages: {len(pages) - len({x.page for x in english})} of {len(pages)} without English")
    drafts = sorted(Path(f).stem for f, s in status.items() if s == "draft")
    undeclared = sorted(Path(f).stem for f, s in status.items() if s == "none")
    if drafts:
        out.append("Khmer drafts, not yet reviewed by a native speaker: " + ", ".join(drafts))
    if undeclared:
        out.append("No translation status declared: " + ", ".join(undeclared))
    return out
