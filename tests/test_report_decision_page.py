"""The management report as a director reads it, in headless Chromium: the decision cards on the first screen,
diagrams that fit their box at a readable size, every text at WCAG AA contrast (in the page and inside the
diagrams), the printed PDF's decision page on one page with no figure clipped, and a page under 600 KB.

The bundled journeys are reported once (2,000 cases, with --pdf); a probe script runs in a copy of the page
(the page itself has no script and forbids one) and writes what it measured into the DOM, which Chromium dumps.
Skipped only when Chromium is not installed; ``./run tests`` installs it.
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

ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")]

#: The probe: what the tests measure, as JSON in <pre id="probe">.
PROBE = r"""
<script>(function(){
function rgb(s){var m=s.match(/rgba?\(([^)]+)\)/);if(!m)return null;var p=m[1].split(',').map(parseFloat);
 return {r:p[0],g:p[1],b:p[2],a:p.length>3?p[3]:1};}
function lum(c){function f(v){v/=255;return v<=0.03928?v/12.92:Math.pow((v+0.055)/1.055,2.4);}
 return 0.2126*f(c.r)+0.7152*f(c.g)+0.0722*f(c.b);}
function ratio(a,b){var x=lum(a),y=lum(b);return (Math.max(x,y)+0.05)/(Math.min(x,y)+0.05);}
function htmlBg(el){for(var e=el;e&&e.nodeType===1;e=e.parentElement){var c=rgb(getComputedStyle(e).backgroundColor);
 if(c&&c.a>0.5)return c;}return {r:255,g:255,b:255,a:1};}
function svgBg(t){var b=t.getBoundingClientRect();var x=b.left+b.width/2,y=b.top+b.height/2;
 var els=document.elementsFromPoint(x,y);for(var i=0;i<els.length;i++){var e=els[i];if(e===t||e.closest('text')===t)continue;
 if(e.namespaceURI==='http://www.w3.org/2000/svg'&&['path','polygon','rect','ellipse','circle'].indexOf(e.tagName)>=0){
  var s=getComputedStyle(e);var c=rgb(s.fill);if(c&&s.fill!=='none'&&parseFloat(s.fillOpacity)>0.5&&c.a>0.5)return c;}
 if(e.tagName==='svg')break;}
 return htmlBg(t.closest('svg').parentElement);}
var out={w:innerWidth,h:innerHeight,low:[],cards:[],figs:[]};
var d=document.getElementById('decisions');if(d){var r=d.getBoundingClientRect();out.decisions={top:r.top,bottom:r.bottom};}
document.querySelectorAll('#fix-first > li').forEach(function(c){var b=c.getBoundingClientRect();
 out.cards.push({top:b.top,bottom:b.bottom,title:c.querySelector('h3').textContent});});
document.querySelectorAll('figure.fit').forEach(function(f){var pic=f.querySelector('.pic');if(!pic)return;
 var min=1e9;f.querySelectorAll('svg text').forEach(function(t){var fs=parseFloat(getComputedStyle(t).fontSize);
  var m=t.getScreenCTM();if(m&&fs>0)min=Math.min(min,fs*Math.hypot(m.a,m.b));});
 out.figs.push({id:f.id,scroll:pic.scrollWidth,client:pic.clientWidth,minText:min,svgw:f.querySelector('svg').getBoundingClientRect().width});});
document.querySelectorAll('body *').forEach(function(e){
 if(e.closest('svg')||['SCRIPT','STYLE','TITLE','PRE'].indexOf(e.tagName)>=0)return;
 var own=Array.prototype.some.call(e.childNodes,function(n){return n.nodeType===3&&n.textContent.trim();});if(!own)return;
 var s=getComputedStyle(e);if(s.visibility!=='visible'||s.display==='none')return;
 var q=ratio(rgb(s.color),htmlBg(e));if(q<4.5)out.low.push({where:'html',tag:e.tagName,text:e.textContent.trim().slice(0,40),ratio:q});});
if(CHECK_SVG){document.querySelectorAll('svg text').forEach(function(t){if(!t.textContent.trim())return;
 t.scrollIntoView({block:'center'});var c=rgb(getComputedStyle(t).fill);if(!c)return;
 var q=ratio(c,svgBg(t));if(q<4.5)out.low.push({where:t.closest('figure')?t.closest('figure').id:'svg',text:t.textContent.trim().slice(0,40),ratio:q});});
 window.scrollTo(0,0);}
var p=document.createElement('pre');p.id='probe';p.textContent=JSON.stringify(out);document.body.appendChild(p);})();</script>
"""


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("decision") / "report"
    result = CliRunner().invoke(app, ["report", str(ROOT / "journeys"), "--out", str(out), "--cases", "2000",
                                      "--data", str(ROOT / "data"), "--pdf"])
    assert result.exit_code == 0, result.stderr
    return out


def probe(page: Path, width: int, height: int, *, svg: bool = False, print_css: bool = False) -> dict:
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    if print_css:  # the print rules, applied on screen at the width of an A4 page's content
        html = html.replace("@media print{", "@media all{")
    script = PROBE.replace("CHECK_SVG", "true" if svg else "false")
    copy = page.parent / f"probe-{width}-{int(svg)}-{int(print_css)}.html"
    copy.write_text(html.replace("</body>", script + "</body>"), encoding="utf-8")
    done = chromium(f"--window-size={width},{height}", "--dump-dom", copy.as_uri(), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    m = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert m, "the probe did not run"
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_decision_cards_are_on_the_first_screen(bundled: Path, width: int, height: int) -> None:
    r = probe(bundled / "index.html", width, height)
    cards = r["cards"]
    assert len(cards) >= 4
    assert r["decisions"]["top"] < 200
    # the first card whole, and (on a wide screen) the first row of cards, within the first screen
    assert cards[0]["bottom"] <= height, cards[0]
    if width >= 1000:
        assert all(c["bottom"] <= height for c in cards[:3]), cards[:3]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"report-decisions-{width}.png"
    done = chromium(f"--window-size={width},{height}", f"--screenshot={shot}", (bundled / "index.html").as_uri())
    assert done.returncode == 0 and shot.is_file()


def test_diagrams_fit_their_box_with_text_of_11_px_or_more(bundled: Path) -> None:
    r = probe(bundled / "index.html", 1132, 900)  # a page 1,100 px wide: the main column
    figs = r["figs"]
    assert len(figs) >= 8 + 4  # a process diagram per journey and an overlay per redesign
    for f in figs:
        assert f["scroll"] <= f["client"] + 1, f"{f['id']} overflows its box: {f}"
        if "diagram" in f["id"]:
            assert f["minText"] >= 11 - 0.05, f"{f['id']}: text {f['minText']:.1f} px"


def test_every_text_meets_aa_contrast_in_the_page_and_its_diagrams(bundled: Path) -> None:
    r = probe(bundled / "index.html", 1366, 900, svg=True)
    assert r["low"] == [], json.dumps(r["low"], ensure_ascii=False, indent=0)


def test_appendix_text_meets_aa_contrast(bundled: Path) -> None:
    r = probe(bundled / "appendix.html", 1366, 900, svg=True) if (bundled / "appendix.html").exists() else None
    assert r is not None
    assert r["low"] == [], json.dumps(r["low"], ensure_ascii=False, indent=0)


def test_printed_figures_are_not_clipped(bundled: Path) -> None:
    # A4 portrait less the 11 mm margins is 188 mm: 711 CSS px
    r = probe(bundled / "index.html", 711, 1000, print_css=True)
    for f in r["figs"]:
        assert f["svgw"] <= 711 and f["scroll"] <= f["client"] + 1, f


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_decision_page_is_one_page(bundled: Path) -> None:
    from nssf_journey.report import make_report

    pdf = bundled / "report.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"

    def page(n: int) -> str:
        done = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True)
        return " ".join(done.stdout.split())

    first, second = page(1), page(2)
    report, _ = make_report([ROOT / "journeys"], data=ROOT / "data", cases=50, diagrams=False)
    assert first.startswith(report.title)
    for card in report.cards[:6]:  # three columns: a long title wraps, so its first words
        assert " ".join(card.change.split())[:18] in first, card.change
    assert "You can stop here" in first
    assert "What to change first" not in second and second.startswith("Summary")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                              check=True).stdout).group(1))
    assert pages >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(ARTIFACTS / "report-pdf")], check=True)


def test_main_page_is_under_600_kb_and_offline(bundled: Path) -> None:
    html = (bundled / "index.html").read_bytes()
    assert len(html) < 600_000, len(html)
    text = html.decode("utf-8").lower()
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", text)
