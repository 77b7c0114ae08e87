"""How a reader sees a journey: whose guide it is, the usual way and what goes wrong, who does and pays what.

Pure functions of a :class:`~nssf_journey.model.Journey` (and its exact analysis) that both the customer guides
(:mod:`~nssf_journey.infopack.page`) and the staff guides (:mod:`~nssf_journey.infopack.staff_page`) use.
"""

from __future__ import annotations

import re

from ..analysis.metrics import JourneyAnalysis, most_likely_path
from ..i18n import has_language, in_language
from ..model import Journey, Step

#: A step off the most likely path is on the usual way only if journeys that reach it succeed at least this
#: share as often as journeys in general.
USUAL_SUCCESS_RATIO = 0.75


def journey_audience(journey: Journey) -> str:
    """Whom the journey serves: its ``audience``, else the role of its customer actors, else ``worker``."""
    if journey.audience:
        return journey.audience
    roles = {a.role for a in journey.actors if a.lane == "customer" and a.role}
    return "employer" if roles == {"employer"} else "worker"


def has_page(journey: Journey, audience: str) -> bool:
    """Does ``audience`` get a page for ``journey``?"""
    own = journey_audience(journey)
    if audience == "staff" or audience == own:
        return True
    if audience == "employer":  # a worker's journey: the employer's duties in it
        return any(role_of(journey, s) == "employer" for s in journey.steps)
    return False


def likely_success_path(journey: Journey) -> list[str]:
    """The most likely path from ``start`` to a success outcome; ``[]`` if none."""
    return most_likely_path(journey, success_only=True)[0]


def usual_and_trouble_steps(journey: Journey, analysis: JourneyAnalysis) -> tuple[list[Step], list[Step]]:
    """Non-terminal steps split into the usual way through the journey and what goes wrong.

    The usual way is the most likely path to a success, plus the alternatives to it: a step off that path is an
    alternative when, without going back to the path at or before the point where it left it, it leads on to a
    later step of the path or to a success, and journeys that reach it succeed at least
    :data:`USUAL_SUCCESS_RATIO` times as often as journeys in general. Everything else (rework that goes back,
    detours to a failure) is what goes wrong. The usual steps are in stage order, then file order; the others
    in file order.
    """
    path = likely_success_path(journey) or list(analysis.most_likely_path)
    pos = {sid: i for i, sid in enumerate(path)}
    succ = {s.id: [b.to for b in s.next] for s in journey.steps}
    success_ends = {s.id for s in journey.steps if s.is_terminal and journey.outcome(s.outcome).is_success}
    entry: dict[str, int] = {}
    for sid in path:  # in path order, so each off-path step gets the earliest point it can be left from
        stack = [x for x in succ[sid] if x not in pos]
        while stack:
            n = stack.pop()
            if n not in entry:
                entry[n] = pos[sid]
                stack += [x for x in succ[n] if x not in pos]

    def moves_on(start: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            for x in succ[n]:
                if x in pos:
                    if pos[x] > entry.get(start, len(path)):
                        return True
                elif x in success_ends:
                    return True
                else:
                    stack.append(x)
        return False

    usual, trouble = [], []
    for s in journey.steps:
        if s.is_terminal:
            continue
        ok = analysis.step(s.id).success_probability >= USUAL_SUCCESS_RATIO * analysis.success_probability
        (usual if s.id in pos or (ok and moves_on(s.id)) else trouble).append(s)
    order = {st: i for i, st in enumerate(journey.stages)}
    usual.sort(key=lambda s: order.get(s.stage or "", len(order)))  # stable: file order within a stage
    return usual, trouble


def role_of(journey: Journey, step: Step) -> str:
    """The role of the actor of ``step``: worker, employer, nssf or partner (nssf when not declared)."""
    actor = journey.actor_by_id.get(step.actor)
    return (actor.role if actor else None) or "nssf"


def seen_as(journey: Journey, step: Step, audience: str) -> str:
    """Who does ``step``, seen by a reader of ``audience``: ``you``, ``with`` (the reader takes part: a doctor's
    visit, a counter), ``employer`` or ``worker`` (somebody else does it for the reader), ``backstage``."""
    actor = journey.actor_by_id.get(step.actor)
    if actor is not None and actor.lane == "backstage":
        return "backstage"
    role = role_of(journey, step)
    if role == audience:
        return "you"
    if role in ("worker", "employer"):
        return role
    return "with"


def payer_of(journey: Journey, step: Step) -> str:
    """Who pays a step's cost: the worker or employer who does it, else (at a partner, at NSSF) the customer."""
    role = role_of(journey, step)
    return role if role in ("worker", "employer") else journey_audience(journey)


def reader_cost(journey: Journey, analysis: JourneyAnalysis, payer: str) -> float:
    """Expected money (US dollars) ``payer`` spends in one journey: cost times expected visits of their steps."""
    return sum(s.cost * analysis.step(s.id).expected_visits for s in journey.steps
               if s.cost > 0 and payer_of(journey, s) == payer)


#: A sentence ends at ។ or ៕, at ! or ?, or at a full stop after a Latin letter, a digit or a closing mark (not
#: inside a Khmer abbreviation such as ប.ស.ស.), before a space or the end.
_SENTENCE = re.compile(r"^(.+?(?:[!?។៕]|(?<=[A-Za-z0-9)\"'’])\.))(?:\s+|$)(.*)$", re.S)


def first_sentence(text: str) -> tuple[str, str]:
    """``("See a doctor.", "Ask for a certificate.")``: the first sentence of a text and the rest.

    >>> first_sentence("Pay US$1.50 at the bank. Keep the slip.")
    ('Pay US$1.50 at the bank.', 'Keep the slip.')
    >>> first_sentence("សូមសម្រាក។ សូមរក្សាវិញ្ញាបនបត្រ។")
    ('សូមសម្រាក។', 'សូមរក្សាវិញ្ញាបនបត្រ។')
    >>> first_sentence("ប.ស.ស. ពិនិត្យពាក្យទាមទារ។ អ្នករង់ចាំ។")
    ('ប.ស.ស. ពិនិត្យពាក្យទាមទារ។', 'អ្នករង់ចាំ។')
    """
    m = _SENTENCE.match(text.strip())
    if not m:
        return text.strip(), ""
    return m.group(1).strip(), m.group(2).strip()


class Translator:
    """Texts in the page's language; counts the texts shown in English for want of a translation."""

    def __init__(self, lang: str):
        self.lang = lang
        self.fallbacks = 0

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        if not has_language(text, self.lang):
            self.fallbacks += 1
        return in_language(text, self.lang)
