"""The words of the report and what they mean, and the notes on method that the appendix holds.

The main page uses plain words; where it must use a term, the glossary on the page says what it means. How the
numbers are made (the exact model, the simulations, the pairing of redesigns) is in :data:`METHOD_NOTES`, which
the appendix page shows, so that the main page stays free of internal terms.
"""

from __future__ import annotations

#: ``(term, meaning)``, in the order a reader meets them.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Case", "One journey from its start to its end, for one customer (a payment, a claim, a registration)."),
    ("Time per case", "Elapsed time from start to end (a day is 24 hours), averaged over all cases, rework "
                      "included."),
    ("9 in 10 cases end within", "90 % of simulated cases finish within this time; the slowest tenth take longer."),
    ("Ends well", "The share of cases that end in the outcome the customer wanted (paid, registered)."),
    ("Waiting", "Time in which nothing happens for the customer: in a queue, on a desk, in the post."),
    ("Wait set by life", "Time no service can shorten, such as a pregnancy or a recovery. It is shown, never "
                         "ranked as something to fix."),
    ("Trip in person", "A visit the customer must make: an office, a bank, a hospital."),
    ("Handoff", "The case passes from one person or office to another."),
    ("Rework", "A step done again because something was missing or wrong."),
    ("Evidence", "Where a number comes from: measured (time study, case records), reported (an official or "
                 "published source) or assumed (a modeller's estimate, to be checked)."),
    ("How sure", "The weakest evidence among the numbers a saving rests on: high (measured), medium (reported), "
                 "low (assumed)."),
    ("Cases a year", "How often the journey happens in the country, from the data folder, with its source."),
    ("Critical juncture", "A step where better information or service would change the most for the customer."),
)

#: How the numbers are made, for the appendix.
METHOD_NOTES: tuple[str, ...] = (
    "Averages, shares, trips, money and the chance of each ending come from each journey's process model "
    "solved exactly as an absorbing Markov chain: every branch and every loop back is counted without sampling. "
    "Queues are not part of these exact figures; each step starts when its own wait is over.",
    "How long cases take (half of them within, 9 in 10 within) comes from a Monte Carlo simulation of "
    "independent cases with the seed named in the report; the same seed gives the same numbers. A journey with "
    "arrivals and counters is simulated with its queues instead (opening hours, servers, customers who give "
    "up), and every figure of that journey on the page comes from that one run.",
    "A redesign is compared with today on the same model: exact differences, and a paired simulation in which "
    "both journeys meet the same random events where they share a step (common random numbers), so the 95 % "
    "confidence intervals of the differences are narrow. Savings for the country multiply a saving per case by "
    "the cases a year of the journey (scale.yaml of the data folder), with their sources.",
    "Decision cards rank changes by their yearly gain (time, trips in person and money saved for the country, "
    "each as a share of the largest, averaged) times how sure we are (measured 1, reported 0.7, assumed 0.4). "
    "A fix at a step is a target, halving its wait, not a measured effect.",
    "The heat colours of the diagrams and journey maps show each step's share of the time a service can change "
    "(the time per case less waits set by life), in five classes (under 2 %, 2-5 %, 5-10 %, 10-25 %, 25 % or "
    "more). Diagrams fold steps and arrows that few cases take, so the common path reads at a legible size; the "
    "full diagram is one click away.",
)
