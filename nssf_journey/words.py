"""The text catalogue: numbers and labels for people ("about 2 hours", "usually about 3 days, up to about 2 weeks"),
in English and Khmer, shared by the Digital Info Pack and the management report.

The pack keeps exact values in its JSON files; only the pages round. The labels of the pages (headings,
"Who does it", ...) are here too, in English and in draft Khmer.
"""

from __future__ import annotations

MINUTES_PER_HOUR = 60.0
MINUTES_PER_DAY = 1440.0
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
MINUTES_PER_MONTH = 30.4375 * MINUTES_PER_DAY
MINUTES_PER_YEAR = 365.25 * MINUTES_PER_DAY

_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")

_UNITS = {
    "en": {"minute": ("minute", "minutes"), "hour": ("hour", "hours"), "day": ("day", "days"),
           "week": ("week", "weeks"), "month": ("month", "months"), "year": ("year", "years")},
    "km": {"minute": ("នាទី", "នាទី"), "hour": ("ម៉ោង", "ម៉ោង"), "day": ("ថ្ងៃ", "ថ្ងៃ"),
           "week": ("សប្តាហ៍", "សប្តាហ៍"), "month": ("ខែ", "ខែ"), "year": ("ឆ្នាំ", "ឆ្នាំ")},
}


def digits(text: str, lang: str) -> str:
    """Khmer digits in Khmer text: ``digits("12", "km")`` -> ``'១២'``."""
    return text.translate(_KHMER_DIGITS) if lang == "km" else text


def number(value: float, lang: str) -> str:
    """A whole number with thousands separators, in the language's digits."""
    return digits(f"{round(value):,}", lang)


def rounded_duration(minutes: float) -> tuple[int, str]:
    """``(count, unit)`` for a person: 47 min -> (45, "minute"), 2.6 days -> (3, "day")."""
    m = max(minutes, 0.0)
    if m < 10:
        return max(1, round(m)), "minute"
    if m < 55:
        return int(5 * round(m / 5)), "minute"
    if m < 20 * MINUTES_PER_HOUR:
        return max(1, round(m / MINUTES_PER_HOUR)), "hour"
    if m < 13.5 * MINUTES_PER_DAY:
        return max(1, round(m / MINUTES_PER_DAY)), "day"
    if m < 7.5 * MINUTES_PER_WEEK:
        return round(m / MINUTES_PER_WEEK), "week"
    if m < 23.5 * MINUTES_PER_MONTH:
        return round(m / MINUTES_PER_MONTH), "month"
    return round(m / MINUTES_PER_YEAR), "year"


def duration(minutes: float, lang: str) -> str:
    """"about 2 hours", "ប្រហែល ២ ម៉ោង"; "no time" for zero."""
    if minutes <= 0:
        return label("no_time", lang)
    if minutes < 1:
        return label("under_a_minute", lang)
    count, unit = rounded_duration(minutes)
    one, many = _UNITS[lang][unit]
    word = one if count == 1 else many
    return f"{label('about', lang)} {digits(str(count), lang)} {word}"


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


#: The fixed words of the pages. The Khmer is a draft that a native speaker has not reviewed.
LABELS: dict[str, dict[str, str]] = {
    "pack_title": {"en": "NSSF Digital Info Pack", "km": "កញ្ចប់ព័ត៌មានឌីជីថល ប.ស.ស."},
    "pack_tagline": {"en": "Simple guides to NSSF benefits, registration and claims.",
                     "km": "មគ្គុទ្ទេសក៍សាមញ្ញ អំពីអត្ថប្រយោជន៍ ការចុះឈ្មោះ និងការទាមទារ របស់ ប.ស.ស.។"},
    "audience_worker": {"en": "For workers", "km": "សម្រាប់កម្មករ"},
    "audience_employer": {"en": "For employers", "km": "សម្រាប់និយោជក"},
    "audience_staff": {"en": "For NSSF staff", "km": "សម្រាប់បុគ្គលិក ប.ស.ស."},
    "other_language": {"en": "ភាសាខ្មែរ", "km": "English"},
    "home": {"en": "All guides", "km": "មគ្គុទ្ទេសក៍ទាំងអស់"},
    "your_guides": {"en": "Your guides", "km": "មគ្គុទ្ទេសក៍របស់អ្នក"},
    "for_your_workers": {"en": "What you must do for your workers", "km": "អ្វីដែលអ្នកត្រូវធ្វើសម្រាប់កម្មកររបស់អ្នក"},
    "duties_summary": {"en": "Your worker's journey, from your side: the steps you must do for them, and when.",
                       "km": "ដំណើររបស់កម្មកររបស់អ្នក ពីផ្នែករបស់អ្នក៖ ជំហានដែលអ្នកត្រូវធ្វើសម្រាប់ពួកគេ និងពេលណា។"},
    "employer_duties_title": {"en": "Your duties as the employer", "km": "ភារកិច្ចរបស់អ្នកជានិយោជក"},
    "who_for": {"en": "Who can use it", "km": "អ្នកណាអាចប្រើបាន"},
    "what_you_get": {"en": "What you get", "km": "អ្វីដែលអ្នកទទួលបាន"},
    "deadlines": {"en": "Deadlines", "km": "កាលកំណត់"},
    "how_long": {"en": "How long it takes", "km": "ចំណាយពេលប៉ុន្មាន"},
    "steps": {"en": "Step by step", "km": "មួយជំហានម្តងៗ"},
    "costs": {"en": "What it costs", "km": "ចំណាយប៉ុន្មាន"},
    "goes_wrong": {"en": "What often goes wrong", "km": "អ្វីដែលច្រើនតែខុស"},
    "questions": {"en": "Common questions", "km": "សំណួរញឹកញាប់"},
    "help": {"en": "Need help?", "km": "ត្រូវការជំនួយ?"},
    "hotline": {"en": "Call the NSSF hotline {number}. Ask about your rights, your card or a claim.",
                "km": "សូមទូរស័ព្ទទៅលេខទូរស័ព្ទបន្ទាន់ ប.ស.ស. {number}។ សូមសួរអំពីសិទ្ធិ កាត ឬការទាមទាររបស់អ្នក។"},
    "who": {"en": "Who", "km": "អ្នកណា"},
    "where": {"en": "Where", "km": "ទីកន្លែង"},
    "bring": {"en": "Bring", "km": "យកមកជាមួយ"},
    "tip": {"en": "Tip", "km": "គន្លឹះ"},
    "time": {"en": "Time", "km": "រយៈពេល"},
    "busy": {"en": "At busy times", "km": "ពេលមមាញឹក"},
    "busy_queue": {"en": "1 person in 10 waits more than {time} in the queue",
                   "km": "មនុស្ស ១ នាក់ក្នុងចំណោម ១០ នាក់ រង់ចាំក្នុងជួរលើសពី {time}"},
    "cost": {"en": "Cost", "km": "ថ្លៃ"},
    "role_you": {"en": "You", "km": "អ្នក"},
    "role_your_employer": {"en": "Your employer", "km": "និយោជករបស់អ្នក"},
    "role_nssf": {"en": "NSSF", "km": "ប.ស.ស."},
    "role_your_worker": {"en": "Your worker", "km": "កម្មកររបស់អ្នក"},
    "role_worker": {"en": "The worker", "km": "កម្មករ"},
    "role_employer": {"en": "The employer", "km": "និយោជក"},
    "employer_step": {"en": "Your employer must do this for you", "km": "និយោជករបស់អ្នកត្រូវធ្វើការនេះសម្រាប់អ្នក"},
    "employer_duty": {"en": "You must do this for your worker", "km": "អ្នកត្រូវធ្វើការនេះសម្រាប់កម្មកររបស់អ្នក"},
    "nssf_step": {"en": "NSSF works on your file. You wait.", "km": "ប.ស.ស. ពិនិត្យឯកសាររបស់អ្នក។ អ្នករង់ចាំ។"},
    "backstage": {"en": "Back office (the customer does not see this step)",
                  "km": "ការិយាល័យខាងក្នុង (អតិថិជនមិនឃើញជំហាននេះ)"},
    "total_time": {"en": "All together: {range}.", "km": "សរុប៖ {range}។"},
    "mean_time": {"en": "On average: {value}.", "km": "ជាមធ្យម៖ {value}។"},
    "success_chance": {"en": "In the model, {n} cases end well.", "km": "ក្នុងគំរូ ករណី {n} បញ្ចប់ដោយជោគជ័យ។"},
    "deadline_missed": {"en": "In the model of how it works today, {n} miss the limit of {limit}. Start early.",
                        "km": "ក្នុងគំរូនៃរបៀបដែលវាដំណើរការសព្វថ្ងៃ {n} ហួសកំណត់ {limit}។ សូមចាប់ផ្តើមឱ្យបានឆាប់។"},
    "model_note": {"en": "Times and chances come from the NSSF journey model ({file}). They are estimates, not promises. "
                         "\"Usually\" means half of all cases take less; \"up to\" means 9 in 10 take less.",
                   "km": "រយៈពេល និងឱកាស បានមកពីគំរូដំណើររបស់ ប.ស.ស. ({file})។ ទាំងនេះជាការប៉ាន់ស្មាន មិនមែនជាការសន្យាទេ។ "
                         "\"ជាធម្មតា\" មានន័យថា ពាក់កណ្តាលនៃករណីទាំងអស់ចំណាយពេលតិចជាងនេះ។ \"រហូតដល់\" មានន័យថា ៩ ក្នុង ១០ ចំណាយពេលតិចជាងនេះ។"},
    "no_simulation": {"en": "Only the average is shown: the simulation was not available.",
                      "km": "បង្ហាញតែមធ្យមភាគប៉ុណ្ណោះ៖ ការក្លែងធ្វើមិនមាន។"},
    "expected_cost": {"en": "On average you spend {value} on travel, copies and fees.",
                      "km": "ជាមធ្យម អ្នកចំណាយ {value} លើការធ្វើដំណើរ ការថតចម្លង និងថ្លៃផ្សេងៗ។"},
    "no_cost": {"en": "NSSF charges you nothing for this.", "km": "ប.ស.ស. មិនគិតថ្លៃអ្នកសម្រាប់ការនេះទេ។"},
    "cost_at_step": {"en": "{step}: {value}", "km": "{step}៖ {value}"},
    "loop": {"en": "{n} cases go back from \"{from_step}\" to \"{to_step}\".",
             "km": "ករណី {n} ត្រឡប់ពី \"{from_step}\" ទៅ \"{to_step}\"។"},
    "failure": {"en": "{n} cases end like this: {outcome}.", "km": "ករណី {n} បញ្ចប់បែបនេះ៖ {outcome}។"},
    "how_to_avoid": {"en": "How to avoid it", "km": "របៀបជៀសវាង"},
    "not_confirmed": {"en": "(not confirmed)", "km": "(មិនទាន់បញ្ជាក់)"},
    "sources": {"en": "Sources", "km": "ប្រភព"},
    "source": {"en": "Source: {source}", "km": "ប្រភព៖ {source}"},
    "draft_km": {"en": "The Khmer text of this guide is a draft. A native speaker has not checked it yet.",
                 "km": "អត្ថបទខ្មែរនៃមគ្គុទ្ទេសក៍នេះ គឺជាសេចក្តីព្រាង។ អ្នកនិយាយភាសាខ្មែរជាភាសាកំណើតមិនទាន់បានពិនិត្យនៅឡើយទេ។"},
    "fallback_note": {"en": "Some parts are not yet translated and are shown in English.",
                      "km": "ផ្នែកខ្លះមិនទាន់បានបកប្រែ ហើយត្រូវបានបង្ហាញជាភាសាអង់គ្លេស។"},
    "staff_note": {"en": "This version shows every step, including the back office, for front-office staff and inspectors.",
                   "km": "កំណែនេះបង្ហាញជំហានទាំងអស់ រួមទាំងការិយាល័យខាងក្នុង សម្រាប់បុគ្គលិកផ្នែកខាងមុខ និងអធិការ។"},
    "step_reach": {"en": "Reached in {n} cases", "km": "ឈានដល់ក្នុងករណី {n}"},
    "question_loop": {"en": "What should the customer do here: \"{step}\"?", "km": "តើអតិថិជនគួរធ្វើអ្វីនៅទីនេះ៖ \"{step}\"?"},
    "question_failure": {"en": "What happened if it ended as \"{outcome}\"?", "km": "តើមានអ្វីកើតឡើង ប្រសិនបើវាបញ្ចប់ជា \"{outcome}\"?"},
    "question_pain": {"en": "Found when the journey was mapped: {text}", "km": "បានរកឃើញពេលគូសផែនទីដំណើរ៖ {text}"},
    "outcomes": {"en": "How it can end", "km": "របៀបដែលវាអាចបញ្ចប់"},
    "about": {"en": "about", "km": "ប្រហែល"},
    "usually": {"en": "usually", "km": "ជាធម្មតា"},
    "up_to": {"en": "up to", "km": "រហូតដល់"},
    "comma": {"en": ",", "km": ""},
    "no_time": {"en": "no waiting", "km": "មិនចាំបាច់រង់ចាំ"},
    "under_a_minute": {"en": "less than a minute", "km": "តិចជាងមួយនាទី"},
    "under_one_percent": {"en": "less than 1%", "km": "តិចជាង ១%"},
    "in_100": {"en": "{n} in 100", "km": "{n} ក្នុង ១០០"},
    "under_one_in_100": {"en": "fewer than 1 in 100", "km": "តិចជាង ១ ក្នុង ១០០"},
    "free": {"en": "free", "km": "ឥតគិតថ្លៃ"},
    "print_hint": {"en": "Print this page: one A4 leaflet.", "km": "បោះពុម្ពទំព័រនេះ៖ ខិត្តប័ណ្ណ A4 មួយ។"},
    "empty_audience": {"en": "No guide for this audience yet.", "km": "មិនទាន់មានមគ្គុទ្ទេសក៍សម្រាប់ក្រុមនេះនៅឡើយទេ។"},
    "step_of": {"en": "Step {n}", "km": "ជំហានទី {n}"},
}


#: The fixed words of the management report (``report --lang km``). The Khmer is a draft that a native speaker
#: has not reviewed; the report says so on its first screen.
REPORT_LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "{short} journeys: where {served} lose time",
              "km": "ដំណើររបស់ {short}៖ កន្លែងដែល{served}បាត់បង់ពេលវេលា"},
    "title_generic": {"en": "Service journeys: where customers lose time",
                      "km": "ដំណើរសេវា៖ កន្លែងដែលអតិថិជនបាត់បង់ពេលវេលា"},
    "decisions": {"en": "What to change first", "km": "អ្វីដែលត្រូវកែប្រែមុនគេ"},
    "decisions_intro": {"en": "Changes ranked by what they save in a year and how sure we are. Each card says who "
                                "acts and the cheapest measurement that would change the decision.",
                        "km": "ការផ្លាស់ប្តូរ តម្រៀបតាមអ្វីដែលវាសន្សំបានក្នុងមួយឆ្នាំ និងកម្រិតនៃភាពប្រាកដ។ "
                              "កាតនីមួយៗប្រាប់ថាអ្នកណាធ្វើ និងការវាស់វែងថោកបំផុតដែលអាចប្តូរការសម្រេចចិត្ត។"},
    "kind_redesign": {"en": "Redesign", "km": "ការរចនាឡើងវិញ"},
    "kind_fix": {"en": "Fix at a step", "km": "ការកែនៅជំហានមួយ"},
    "saves": {"en": "Saves per case", "km": "សន្សំក្នុងមួយករណី"},
    "saves_year": {"en": "Saves a year, nationally", "km": "សន្សំក្នុងមួយឆ្នាំ ទូទាំងប្រទេស"},
    "per_year_unknown": {"en": "How often this happens is not known: measure the cases a year.",
                         "km": "មិនដឹងថាកើតឡើងញឹកញាប់ប៉ុណ្ណាទេ៖ សូមវាស់ចំនួនករណីក្នុងមួយឆ្នាំ។"},
    "who_acts": {"en": "Who acts", "km": "អ្នកណាធ្វើ"},
    "how_sure": {"en": "How sure", "km": "ភាពប្រាកដ"},
    "measure_first": {"en": "Cheapest measurement first", "km": "ការវាស់វែងថោកបំផុតមុនគេ"},
    "trips": {"en": "trips in person", "km": "ដំណើរទៅផ្ទាល់"},
    "days": {"en": "days", "km": "ថ្ងៃ"},
    "life_waits": {"en": "Set by life, not ranked", "km": "កំណត់ដោយជីវិត មិនតម្រៀប"},
    "life_waits_intro": {"en": "No service can shorten these waits; they are part of the journeys' time but never a "
                                 "bottleneck to fix.",
                         "km": "គ្មានសេវាណាអាចបង្រួមការរង់ចាំទាំងនេះបានទេ វាជាផ្នែកនៃពេលវេលា ប៉ុន្តែមិនមែនជាចំណុចកកស្ទះដែលត្រូវកែទេ។"},
    "stop_here": {"en": "You can stop here: the rest of the report explains these numbers.",
                  "km": "អ្នកអាចឈប់នៅទីនេះ៖ ផ្នែកដែលនៅសល់ពន្យល់លេខទាំងនេះ។"},
    "summary": {"en": "Summary", "km": "សេចក្តីសង្ខេប"},
    "how_sure_title": {"en": "How sure we are", "km": "តើយើងប្រាកដប៉ុណ្ណា"},
    "at_a_glance": {"en": "The journeys at a glance", "km": "ដំណើរទាំងអស់ក្នុងមួយភ្លែត"},
    "glossary": {"en": "Words used in this report", "km": "ពាក្យដែលប្រើក្នុងរបាយការណ៍នេះ"},
    "appendix": {"en": "Appendix: every step, every number and its source, and how the numbers are made",
                 "km": "ឧបសម្ព័ន្ធ៖ ជំហានទាំងអស់ លេខទាំងអស់ និងប្រភព និងរបៀបគណនាលេខ"},
    "appendix_link": {"en": "Appendix (every step, every source, method)",
                      "km": "ឧបសម្ព័ន្ធ (ជំហាន ប្រភព វិធីសាស្ត្រ)"},
    "method": {"en": "How the numbers are made", "km": "របៀបគណនាលេខ"},
    "full_detail": {"en": "Full diagram with every step and arrow", "km": "ដ្យាក្រាមពេញលេញ គ្រប់ជំហាន"},
    "contents": {"en": "Contents", "km": "មាតិកា"},
    "generated": {"en": "Generated", "km": "បង្កើតនៅ"},
    "back_to_top": {"en": "Back to the top", "km": "ត្រឡប់ទៅខាងលើ"},
    "draft_km": {"en": "The Khmer text of this report is a draft: a native speaker has not reviewed it yet.",
                 "km": "អត្ថបទខ្មែរនៃរបាយការណ៍នេះ គឺជាសេចក្តីព្រាង៖ អ្នកនិយាយភាសាខ្មែរជាភាសាកំណើតមិនទាន់បានពិនិត្យនៅឡើយទេ។"},
    "fallback": {"en": "Sentences made from the numbers are not yet translated and are shown in English.",
                 "km": "ប្រយោគដែលបង្កើតពីលេខ មិនទាន់បានបកប្រែ ហើយត្រូវបានបង្ហាញជាភាសាអង់គ្លេស។"},
    "assumptions": {"en": "Assumptions and sources", "km": "ការសន្មត និងប្រភព"},
    "no_cards": {"en": "No change saves time in these journeys.", "km": "គ្មានការផ្លាស់ប្តូរណាសន្សំពេលវេលាទេ។"},
    "pain_points": {"en": "Pain points", "km": "ចំណុចឈឺចាប់"},
    "saved_by_step": {"en": "Where the time saved comes from", "km": "ពេលវេលាដែលសន្សំបានមកពីណា"},
    "what_changes": {"en": "What changes", "km": "អ្វីដែលផ្លាស់ប្តូរ"},
    "data_files": {"en": "Tables as CSV and JSON", "km": "តារាងជា CSV និង JSON"},
    "print_hint": {"en": "Printing gives the decision page on one A4 page, then the journeys.",
                   "km": "ការបោះពុម្ពផ្តល់ទំព័រសម្រេចចិត្តលើក្រដាស A4 មួយទំព័រ បន្ទាប់មកដំណើរ។"},
}


def report_label(key: str, lang: str) -> str:
    """A fixed word of the report in ``lang``, English when there is no translation."""
    entry = REPORT_LABELS[key]
    return entry.get(lang) or entry["en"]
