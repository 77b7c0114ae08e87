"""The text catalogue shared by the Digital Info Pack and the management report: numbers for people ("about 2
hours", "usually about 3 days, up to about 2 weeks", "about 1 in 7") and the fixed words of the pages
(:mod:`nssf_journey.labels`), in English and Khmer.

The pack keeps exact values in its JSON files; only the pages round. Chances are said as counts ("About 9 in
10", "about 1 time in 7"), which people read better than percentages. The fixed words of the pages are in
:mod:`nssf_journey.labels`.
"""

from __future__ import annotations

import datetime as dt
import math

from .labels import LABELS, REPORT_LABELS
from .units import MINUTES_PER_DAY, MINUTES_PER_HOUR, MINUTES_PER_MONTH, MINUTES_PER_WEEK, MINUTES_PER_YEAR

_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
_LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")

_UNITS = {
    "en": {"minute": ("minute", "minutes"), "hour": ("hour", "hours"), "day": ("day", "days"),
           "week": ("week", "weeks"), "month": ("month", "months"), "year": ("year", "years")},
    "km": {"minute": ("នាទី", "នាទី"), "hour": ("ម៉ោង", "ម៉ោង"), "day": ("ថ្ងៃ", "ថ្ងៃ"),
           "week": ("សប្តាហ៍", "សប្តាហ៍"), "month": ("ខែ", "ខែ"), "year": ("ឆ្នាំ", "ឆ្នាំ")},
}


def digits(text: str, lang: str) -> str:
    """Khmer digits in Khmer text: ``digits("12", "km")`` -> ``'១២'``."""
    return text.translate(_KHMER_DIGITS) if lang == "km" else text


def latin_digits(text: str) -> str:
    """Latin digits for a number written in Khmer digits (a ``tel:`` link): ``latin_digits("១២៨៦")`` -> ``'1286'``."""
    return text.translate(_LATIN_DIGITS)


def number(value: float, lang: str) -> str:
    """A whole number with thousands separators, in the language's digits."""
    return digits(f"{round(value):,}", lang)


def rounded_duration(minutes: float, *, up: bool = False) -> tuple[int, str]:
    """``(count, unit)`` for a person: 47 min -> (45, "minute"), 2.6 days -> (3, "day").

    With ``up``, the count is rounded up instead of to the nearest (a limit that must not be understated):

    >>> rounded_duration(2.2 * 1440), rounded_duration(2.2 * 1440, up=True)
    ((2, 'day'), (3, 'day'))
    >>> rounded_duration(44 * 1440), rounded_duration(44 * 1440, up=True)
    ((6, 'week'), (7, 'week'))

    Months and years are the average ones of :mod:`nssf_journey.units` (30.4375 and 365.25 days):

    >>> rounded_duration(91.3125 * 1440), rounded_duration(730.5 * 1440), rounded_duration(730.5 * 1440 + 1)
    ((3, 'month'), (2, 'year'), (2, 'year'))
    >>> rounded_duration(23.5 * 30.4375 * 1440 - 1), rounded_duration(23.5 * 30.4375 * 1440)
    ((23, 'month'), (2, 'year'))
    """
    m = max(minutes, 0.0)
    r = (lambda x: math.ceil(x - 1e-9)) if up else round
    if m < 10:
        return max(1, r(m)), "minute"
    if m < 55:
        return int(5 * r(m / 5)), "minute"
    if m < 20 * MINUTES_PER_HOUR:
        return max(1, r(m / MINUTES_PER_HOUR)), "hour"
    if m < 13.5 * MINUTES_PER_DAY:
        return max(1, r(m / MINUTES_PER_DAY)), "day"
    if m < 7.5 * MINUTES_PER_WEEK:
        return r(m / MINUTES_PER_WEEK), "week"
    if m < 23.5 * MINUTES_PER_MONTH:
        return r(m / MINUTES_PER_MONTH), "month"
    return r(m / MINUTES_PER_YEAR), "year"


def duration(minutes: float, lang: str, *, up: bool = False) -> str:
    """"about 2 hours", "ប្រហែល ២ ម៉ោង"; "no time" for zero. With ``up``: "2 hours", rounded up, no "about"."""
    if minutes <= 0:
        return label("no_time", lang)
    if minutes < 1:
        return label("under_a_minute", lang)
    count, unit = rounded_duration(minutes, up=up)
    one, many = _UNITS[lang][unit]
    word = one if count == 1 else many
    text = f"{digits(str(count), lang)} {word}"
    return text if up else f"{label('about', lang)} {text}"


def exact_days(minutes: float, lang: str) -> str:
    """A legal limit in whole days, not rounded to weeks: "30 days" (a limit under a day as a duration)."""
    if minutes < MINUTES_PER_DAY:
        return duration(minutes, lang).replace(label("about", lang) + " ", "")
    n = round(minutes / MINUTES_PER_DAY)
    one, many = _UNITS[lang]["day"]
    return f"{digits(str(n), lang)} {one if n == 1 else many}"


def duration_range(p50: float, p90: float, lang: str) -> str:
    """"usually about 3 days, up to about 2 weeks"; one phrase when both round to the same words."""
    usual, long = duration(p50, lang), duration(p90, lang)
    if usual == long:
        return usual
    return f"{label('usually', lang)} {usual}{label('comma', lang)} {label('up_to', lang)} {long}"


def duration_span(low: float, high: float, lang: str) -> str:
    """A short range for a step: "about 2-5 days", "about 5 days to 2 weeks", "about 2 hours".

    >>> duration_span(2 * 1440, 5 * 1440, "en"), duration_span(5 * 1440, 14 * 1440, "en")
    ('about 2–5 days', 'about 5 days to 2 weeks')
    >>> duration_span(7 * 60, 10 * 60, "km"), duration_span(30, 30, "en")
    ('ប្រហែល ៧–១០ ម៉ោង', 'about 30 minutes')
    """
    a, b = duration(low, lang), duration(high, lang)
    if a == b or high <= 0:
        return a
    if low <= 0 or low < 1 or high < 1:
        return f"{a} {label('to', lang)} {b}"
    (n1, u1), (n2, u2) = rounded_duration(low), rounded_duration(high)
    if u1 == u2:
        one, many = _UNITS[lang][u2]
        return f"{label('about', lang)} {digits(str(n1), lang)}–{digits(str(n2), lang)} {many if n2 != 1 else one}"
    return f"{a} {label('to', lang)} {b.replace(label('about', lang) + ' ', '', 1)}"


def percent(share: float, lang: str) -> str:
    """A share as a whole percentage (``"85%"``), with "less than 1%" for small non-zero shares."""
    if 0 < share < 0.005:
        return label("under_one_percent", lang)
    return digits(f"{round(100 * share)}%", lang)


def in_100(share: float, lang: str) -> str:
    """"85 in 100" (people read counts better than percentages)."""
    n = round(100 * share)
    if 0 < share < 0.005:
        return label("under_one_in_100", lang)
    return label("in_100", lang).format(n=digits(str(n), lang))


#: Denominators for small chances ("about 1 in 15"), beyond the whole numbers up to 10.
NICE_DENOMINATORS = (10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 100)


def _one_in(share: float) -> int:
    """N of "1 in N" for a share under 1/4: exact up to 10, else the nearest of :data:`NICE_DENOMINATORS`."""
    n = 1 / share
    if n <= 10.5:
        return max(2, round(n))
    return min(NICE_DENOMINATORS, key=lambda d: abs(math.log(d / n)))


def chance(share: float, lang: str) -> str:
    """How many people, as a count that starts a sentence: "About 9 in 10", "About 1 in 7", "Almost all".

    >>> [chance(p, "en") for p in (0.99, 0.9, 0.46, 0.15, 0.046, 0.002)]
    ['Almost all', 'About 9 in 10', 'About 5 in 10', 'About 1 in 7', 'About 1 in 20', 'Fewer than 1 in 100']
    >>> chance(0.15, "km")
    'ប្រហែល ១ ក្នុងចំណោម ៧'
    """
    if share >= 0.95:
        return label("chance_all", lang)
    if share < 0.005:
        return label("chance_few", lang)
    if share < 0.25:
        return label("chance_one_in", lang).format(n=digits(str(_one_in(share)), lang))
    return label("chance_in_10", lang).format(n=digits(str(round(10 * share)), lang))


def times(share: float, lang: str) -> str:
    """How often something happens: "about 1 time in 7", "about 3 times in 10", "almost every time".

    >>> [times(p, "en") for p in (0.97, 0.3, 0.15, 0.1, 0.001)]
    ['almost every time', 'about 3 times in 10', 'about 1 time in 7', 'about 1 time in 10', 'less than 1 time in 100']
    """
    if share >= 0.95:
        return label("times_all", lang)
    if share < 0.005:
        return label("times_few", lang)
    if share < 0.25:
        return label("times_one_in", lang).format(n=digits(str(_one_in(share)), lang))
    return label("times_in_10", lang).format(n=digits(str(round(10 * share)), lang))


def date(day: dt.date, lang: str) -> str:
    """"30 November 2026", "ថ្ងៃទី ៣០ ខែវិច្ឆិកា ឆ្នាំ ២០២៦".

    >>> date(dt.date(2026, 11, 30), "en"), date(dt.date(2026, 1, 5), "km")
    ('30 November 2026', 'ថ្ងៃទី ៥ ខែមករា ឆ្នាំ ២០២៦')
    """
    month = label("months", lang).split()[day.month - 1]
    return label("date", lang).format(day=digits(str(day.day), lang), month=month,
                                      year=digits(str(day.year), lang))


def money(usd: float, lang: str) -> str:
    """"US$3", "US$1.50"; "free" for zero."""
    if usd <= 0:
        return label("free", lang)
    text = f"US${usd:,.0f}" if abs(usd - round(usd)) < 0.005 else f"US${usd:,.2f}"
    return digits(text, lang) if lang == "km" else text


def label(key: str, lang: str) -> str:
    """A label of the pages in ``lang``, English when there is no translation."""
    entry = LABELS[key]
    return entry[lang] if lang in entry else entry["en"]


def report_label(key: str, lang: str) -> str:
    """A fixed word of the report in ``lang``, English when there is no translation."""
    entry = REPORT_LABELS[key]
    return entry.get(lang) or entry["en"]
