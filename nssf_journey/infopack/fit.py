"""Make a printed customer guide fit one A4 page, at a readable size, by leaving details to the guide online.

A leaflet is the short form of a guide: its QR code opens the full guide. Text is not shrunk below 9 pt
(English) and 10 pt (Khmer); instead, a guide that would not fit leaves details out of print, one level at a
time, until its estimated length fits (:data:`FIT_LEVELS`): first each step's own time and tips and the list of
costs (each step still says what it costs), then the tips of what goes wrong and the places, then the
explanations under what goes wrong, then the second sentence of each step. The screen always shows everything.

The length of a page in print is estimated from its HTML: the characters of the text that prints plus a fixed
allowance per block (paragraph, heading, card). The budgets were calibrated with headless Chromium's page
counts of the shipped guides; ``tests/test_infopack_browser.py`` prints every guide and checks that each fits on
one page.
"""

from __future__ import annotations

from html.parser import HTMLParser

#: Classes hidden in print at each fitting level (cumulative), and the CSS class of the level on ``<body>``.
_L1 = frozenset({"t", "step-tip", "cost-line", "badge-nssf"})
_L2 = _L1 | {"item-tip", "where"}
_L3 = _L2 | {"rest"}
FIT_LEVELS: tuple[frozenset[str], ...] = (frozenset(), _L1, _L2, _L3, _L3 | {"more"})
#: Estimated print length (characters plus :data:`BLOCK_WEIGHT` per block) that fits one A4 page, per language.
PRINT_BUDGET = {"en": 6300, "km": 5000}
BLOCK_WEIGHT = 25
#: Classes never printed (screen-only parts, per-fact sources) and tags never printed.
ALWAYS_HIDDEN = frozenset({"screen", "src"})
_SKIPPED_TAGS = frozenset({"header", "svg", "style", "head", "script"})
_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "li"})
_VOID = frozenset({"meta", "link", "br", "img", "hr", "input"})


class _PrintLength(HTMLParser):
    def __init__(self, hidden: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = hidden | ALWAYS_HIDDEN
        self.stack: list[bool] = []
        self.chars = 0
        self.blocks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = (bool(self.stack) and self.stack[-1]) or tag in _SKIPPED_TAGS or bool(classes & self.hidden)
        self.stack.append(skip)
        if not skip and (tag in _BLOCK_TAGS or classes & {"step", "box", "choice"}):
            self.blocks += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.chars += len(" ".join(data.split()))


def print_length(html: str, level: int = 0) -> int:
    """The estimated print length of a page at fitting ``level``.

    >>> print_length('<main><p>Hello</p><p class="screen">not printed</p><p class="t">x</p></main>')
    56
    >>> print_length('<main><p>Hello</p><p class="t">x</p></main>', level=1)
    30
    """
    parser = _PrintLength(FIT_LEVELS[level])
    parser.feed(html)
    parser.close()
    return parser.chars + BLOCK_WEIGHT * parser.blocks


def fit_level(html: str, lang: str) -> int:
    """The first fitting level at which the page is estimated to fit one A4 page (the last level otherwise)."""
    budget = PRINT_BUDGET.get(lang, PRINT_BUDGET["km"])
    for level in range(len(FIT_LEVELS)):
        if print_length(html, level) <= budget:
            return level
    return len(FIT_LEVELS) - 1


def fit_css() -> str:
    """The print rules of the fitting levels (``body.fit1`` ... hide their classes)."""
    rules = []
    for level, hidden in enumerate(FIT_LEVELS):
        if hidden:
            rules.append(",".join(f".fit{level} .{c}" for c in sorted(hidden)) + "{display:none}")
    return "\n".join(rules)
