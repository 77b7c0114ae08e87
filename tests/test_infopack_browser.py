"""The Info Pack in a real browser (headless Chromium, driven over the DevTools protocol): as people use it.

- on a 360 x 740 phone, each situation of the home page ("I am sick") opens its guide with one tap, and "I am
  sick" is on the first screen; links are large enough to tap; no page scrolls sideways;
- worker and employer pages never show the model's words, and Khmer pages show no English sentence outside
  names, numbers and sources (what a reader sees: the rendered text);
- every hotline number is a ``tel:`` link;
- printed, every worker and employer guide is one A4 page in English and in Khmer, and every staff guide two
  pages at most, with Khmer text at 10 pt or more and English at 9 pt or more;
- a page and its stylesheet weigh less than 100 KB;
- screenshots (360 x 740 and 1366 x 900) and PDFs go to ``test-artifacts/infopack/`` (git-ignored) for people
  to look at.

Skipped only when Chromium is not installed (Debian package ``chromium``).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app
from nssf_journey.infopack import load_pack_inputs
from conftest import CHROMIUM, ROOT
from test_infopack_output import MODEL_TERMS

ARTIFACTS = ROOT / "test-artifacts" / "infopack"
PHONE = (360, 740)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "infopack"
    r = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--out", str(out), "--data", str(ROOT / "data")])
    assert r.exit_code == 0, r.output
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")
def browser():
    from cdp import Browser

    with Browser(CHROMIUM, width=PHONE[0], height=PHONE[1]) as b:
        yield b


def _guides(pack: Path, audiences=("worker", "employer", "staff")) -> list[Path]:
    return sorted(p for a in audiences for p in pack.glob(f"*/{a}/*.html") if p.name != "index.html")


def _all_pages(pack: Path) -> list[Path]:
    return sorted(pack.rglob("*.html"))


def _name(pack: Path, page: Path) -> str:
    return str(page.relative_to(pack))


# ------------------------------------------------------------------------------------------ on a phone


@pytest.mark.parametrize("lang", ["en", "km"])
def test_a_situation_opens_its_guide_in_one_tap(pack, browser, lang):
    situations = load_pack_inputs(ROOT / "data").texts.situations
    browser.size(*PHONE)
    home = (pack / lang / "index.html").as_uri()
    for k, s in enumerate(situations):
        browser.open(home)
        text = s.text.in_language(lang)
        card = browser.js(f"""(() => {{
            const a = [...document.querySelectorAll('.cards a')].find(a => a.firstChild.textContent === {json.dumps(text)});
            a.scrollIntoView({{block: 'center'}});
            const r = a.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2, h: r.height, top: a.getBoundingClientRect().top + scrollY}};
        }})()""")
        if k == 0:
            assert card["top"] + card["h"] <= PHONE[1], "the first situation is on the first screen"
        assert card["h"] >= 48
        browser.tap(card["x"], card["y"])
        where = browser.js("location.href")
        assert where.endswith(f"/{lang}/{s.audience}/{s.journey}.html"), (text, where)
        assert browser.js("document.querySelectorAll('h1').length") == 1


def test_links_are_large_enough_to_tap(pack, browser):
    browser.size(*PHONE)
    for page in (pack / "en" / "index.html", pack / "km" / "worker" / "index.html",
                 pack / "km" / "worker" / "sickness_benefit_claim.html"):
        browser.open(page.as_uri())
        small = browser.js("""[...document.querySelectorAll('header a, .cards a, a.call')]
            .filter(a => a.getBoundingClientRect().height < 44).map(a => a.textContent)""")
        assert small == [], (page, small)


def test_no_page_scrolls_sideways_on_a_phone_and_text_is_legible(pack, browser):
    browser.size(*PHONE)
    for page in _all_pages(pack):
        browser.open(page.as_uri())
        v = browser.js("""({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
                            lang: document.documentElement.lang,
                            font: parseFloat(getComputedStyle(document.body).fontSize)})""")
        name = _name(pack, page)
        assert v["scroll"] <= v["client"], (name, v)
        assert v["font"] >= 16, (name, v)
        assert v["lang"] == ("km" if name.startswith("km/") else "en"), (name, v)


READ_TEXT = """(() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('cite, svg, [lang]:not([lang="km"])').forEach(e => e.remove());
  document.body.appendChild(body); body.style.display = 'block';
  const t = body.innerText; body.remove(); return t;
})()"""


def test_what_a_reader_sees_never_names_the_model_and_khmer_pages_show_no_english(pack, browser):
    browser.size(*PHONE)
    step_ids = sorted({m for f in (ROOT / "journeys").glob("*.yaml")
                       for m in re.findall(r"^  - id: (\w+_\w+)", f.read_text(encoding="utf-8"), re.M)})
    english = []  # a source is cited by its own title (which may say "journey mapping"): cites are left out
    for page in _guides(pack, ("worker", "employer")) + list(pack.glob("*/index.html")):
        browser.open(page.as_uri())
        seen = browser.js(READ_TEXT.replace("cite, svg, [lang]:not([lang=\"km\"])", "cite, svg")).lower()
        for term in MODEL_TERMS + tuple(step_ids):
            assert term not in seen, (_name(pack, page), term)
    for page in sorted(pack.glob("km/**/*.html")):
        browser.open(page.as_uri())
        text = browser.js(READ_TEXT)
        english += [(_name(pack, page), m) for m in re.findall(r"[A-Za-z][A-Za-z'\-]*(?:[ ,;:()/]+[A-Za-z][A-Za-z'\-]*){2,}", text)]
    assert english == []


def test_every_hotline_is_a_tel_link(pack, browser):
    for page in _all_pages(pack):
        browser.open(page.as_uri())
        bare = browser.js("""(() => {
          const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walk.nextNode()) {
            const n = walk.currentNode;
            if (/1286|១២៨៦/.test(n.textContent) && !n.parentElement.closest('a[href="tel:1286"]')) out.push(n.textContent);
          }
          return out; })()""")
        assert bare == [], (_name(pack, page), bare)
        if "/staff/" not in str(page) or page.name != "index.html":
            assert browser.js("document.querySelectorAll('a[href=\"tel:1286\"]').length") >= 1, _name(pack, page)


def test_a_page_and_its_stylesheet_weigh_less_than_100_kb(pack):
    css = (pack / "style.css").stat().st_size
    for page in _all_pages(pack):
        assert page.stat().st_size + css < 100_000, _name(pack, page)


# ------------------------------------------------------------------------------------------ on paper


def test_every_guide_prints_on_one_a4_page_and_a_staff_guide_on_two_at_most(pack, browser):
    from pypdf import PdfReader

    too_long = []
    browser.size(1366, 900)
    for page in _guides(pack):
        browser.open(page.as_uri())
        data = browser.pdf()
        pdf = PdfReader(io.BytesIO(data))
        limit = 2 if "/staff/" in str(page) else 1
        width, height = (float(x) for x in pdf.pages[0].mediabox.upper_right)
        assert abs(width - 595) < 1.5 and abs(height - 842) < 1.5, page  # A4 in points
        name = _name(pack, page)
        if len(pdf.pages) > limit:
            too_long.append((name, len(pdf.pages)))
        (ARTIFACTS / (name.replace("/", "-")[:-5] + ".pdf")).write_bytes(data)
    assert too_long == []


PRINT_SIZES = """(() => {
  const small = [];
  for (const e of document.querySelectorAll('main *')) {
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const s = getComputedStyle(e);
    if (s.display === 'none' || e.closest('[lang]:not([lang="km"]):not(html)') || e.closest('cite')) continue;
    let hidden = false;
    for (let p = e; p; p = p.parentElement) if (getComputedStyle(p).display === 'none') { hidden = true; break; }
    if (hidden) continue;
    small.push([e.tagName + '.' + e.className, parseFloat(s.fontSize), e.closest('footer, .qrbox') !== null]);
  }
  return small; })()"""


def test_printed_text_is_readable(pack, browser):
    # Khmer at 10 pt (13.33 px) or more everywhere; English at 9 pt (12 px) or more, and the small print (the
    # footer's notes, the date and address beside the QR code) at 7 pt (9.33 px) or more.
    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for page in _guides(pack):
            browser.open(page.as_uri())
            km = _name(pack, page).startswith("km/")
            for tag, size, in_footer in browser.js(PRINT_SIZES):
                if km:
                    assert size >= 13.3, (_name(pack, page), tag, size)
                else:
                    assert size >= (9.3 if in_footer else 12.0), (_name(pack, page), tag, size)
    finally:
        browser.send("Emulation.setEmulatedMedia", {"media": ""})


# ------------------------------------------------------------------------------------------ to look at


def test_a_khmer_font_is_installed():
    out = subprocess.run(["fc-list", ":lang=km", "family"], capture_output=True, text=True, check=False).stdout
    assert out.strip(), "no Khmer font: apt-get install fonts-khmeros (Khmer would show as boxes)"


@pytest.mark.parametrize("page,size,name", [
    ("en/index.html", PHONE, "phone-en-home"),
    ("km/index.html", PHONE, "phone-km-home"),
    ("km/worker/sickness_benefit_claim.html", PHONE, "phone-km-worker-sickness"),
    ("en/worker/maternity_benefit_claim.html", PHONE, "phone-en-worker-maternity"),
    ("km/employer/contribution_payment.html", PHONE, "phone-km-employer-payment"),
    ("en/staff/contribution_payment.html", (1366, 900), "desktop-en-staff-payment"),
    ("km/staff/sickness_benefit_claim.html", (1366, 900), "desktop-km-staff-sickness"),
])
def test_screenshots(pack, browser, page, size, name):
    browser.size(*size)
    browser.open((pack / page).as_uri())
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
    (ARTIFACTS / f"{name}.png").write_bytes(png)
    if shutil.which("pdftoppm"):
        for pdf in ARTIFACTS.glob("*-worker-sickness_benefit_claim.pdf"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=False)
