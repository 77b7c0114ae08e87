"""The Digital Info Pack in a real browser (headless Chromium): phone and desktop, Khmer and English, print.

- every page is laid out without sideways scrolling at a 360 px phone width (measured in a test-only harness
  page that loads each pack page in a 360 px frame and compares ``scrollWidth`` with ``clientWidth``; the pack
  itself has no JavaScript);
- the DOM has the expected structure and language;
- a Khmer font is installed, so Khmer is shaped rather than drawn as boxes;
- a leaflet prints on at most one A4 sheet (two sides) for workers and employers;
- screenshots and PDFs go to ``test-artifacts/infopack/`` (git-ignored) for people to look at.

Skipped only when Chromium is not installed (Debian package ``chromium``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app
from conftest import CHROMIUM, ROOT, chromium

ARTIFACTS = ROOT / "test-artifacts" / "infopack"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "infopack"
    r = CliRunner().invoke(app, ["infopack", str(ROOT / "journeys"), "--out", str(out), "--data", str(ROOT / "data")])
    assert r.exit_code == 0, r.output
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return out


def _pages(pack: Path) -> list[str]:
    return sorted(str(p.relative_to(pack)) for p in pack.rglob("*.html"))


HARNESS = """<!DOCTYPE html><html><body><pre id="result">pending</pre><div id="frames"></div><script>
const pages = %s; const results = {}; let left = pages.length;
for (const p of pages) {
  const f = document.createElement('iframe');
  f.style.width = '360px'; f.style.height = '640px'; f.style.border = '0';
  f.onload = () => {
    const d = f.contentDocument.documentElement;
    results[p] = {scroll: d.scrollWidth, client: d.clientWidth, lang: d.lang,
                  font: parseFloat(getComputedStyle(f.contentDocument.body).fontSize)};
    if (--left === 0) document.getElementById('result').textContent = JSON.stringify(results);
  };
  f.src = p; document.getElementById('frames').appendChild(f);
}
</script></body></html>"""


def test_no_page_scrolls_sideways_on_a_phone_and_text_is_legible(pack):
    pages = _pages(pack)
    harness = pack / "_harness.html"  # test-only; never part of the pack
    harness.write_text(HARNESS % json.dumps(pages), encoding="utf-8")
    try:
        r = chromium("--allow-file-access-from-files", "--virtual-time-budget=30000", "--window-size=400,800",
                     "--dump-dom", harness.as_uri())
    finally:
        harness.unlink()
    m = re.search(r'<pre id="result">(.*?)</pre>', r.stdout, re.S)
    assert m and m.group(1) != "pending", r.stderr[-2000:]
    results = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert set(results) == set(pages)
    for page, v in results.items():
        assert v["scroll"] <= v["client"], (page, v)
        assert v["font"] >= 16, (page, v)
        assert v["lang"] == ("km" if page.startswith("km/") else "en"), (page, v)


def test_a_khmer_font_is_installed():
    out = subprocess.run(["fc-list", ":lang=km", "family"], capture_output=True, text=True, check=False).stdout
    assert out.strip(), "no Khmer font: apt-get install fonts-khmeros (Khmer would show as boxes)"


@pytest.mark.parametrize("page,size,name", [
    ("km/worker/maternity_benefit_claim.html", "360,640", "phone-km-worker-maternity"),
    ("en/worker/health_care_visit.html", "360,640", "phone-en-worker-health"),
    ("km/employer/enterprise_registration.html", "360,640", "phone-km-employer-registration"),
    ("en/staff/contribution_payment.html", "1280,900", "desktop-en-staff-contribution"),
    ("km/index.html", "1280,900", "desktop-km-index"),
    ("index.html", "360,640", "phone-home"),
])
def test_screenshots(pack, page, size, name):
    target = pack / page if page != "km/index.html" else pack / "km" / "worker" / "index.html"
    shot = ARTIFACTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    r = chromium(f"--screenshot={shot}", f"--window-size={size}", target.as_uri())
    assert shot.exists() and shot.stat().st_size > 5_000, r.stderr[-2000:]


def test_the_dom_has_the_expected_structure(pack):
    r = chromium("--dump-dom", (pack / "km" / "worker" / "sickness_benefit_claim.html").as_uri())
    dom = r.stdout
    assert '<html lang="km">' in dom
    assert dom.count("<h1>") == 1
    assert 'class="draft"' in dom
    assert len(re.findall(r'<li class="step ', dom)) >= 4
    assert 'class="help"' in dom and "១២៨៦" in dom
    assert "<script" not in dom


def test_a_leaflet_prints_on_one_a4_sheet(pack):
    for page, limit in (("en/employer/enterprise_registration.html", 2), ("km/worker/health_care_visit.html", 2),
                        ("en/worker/worker_registration.html", 1)):
        pdf = ARTIFACTS / (page.replace("/", "-")[:-5] + ".pdf")
        pdf.unlink(missing_ok=True)
        chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", (pack / page).as_uri())
        assert pdf.exists(), page
        data = pdf.read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert 1 <= pages <= limit, (page, pages)
        assert b"/MediaBox [0 0 595" in data or b"/MediaBox [0 0 594" in data  # A4: 595 x 842 pt
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(pdf.with_suffix(""))], check=False)
