"""The report in a real browser (headless Chromium): no console message, every section present and visible,
journey text shown as text, no sideways scrolling of the page on a phone, and screenshots for people to look at.

Skipped only when Chromium is not installed; CI installs it (Debian package ``chromium``). Screenshots go to
``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app

from conftest import CHROMIUM, ROOT, chromium
from test_render_diagram import SMALL, XSS

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SECTIONS = ("summary", "fix-first", "how-sure", "journey-small", "journey-xss", "extra-junctures", "assumptions",
            "about")

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")]


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.check = ""
        self._in_check = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        d = dict(attrs)
        if "id" in d:
            self.ids.add(d["id"])
        self._in_check = d.get("id") == "visibility-check"

    def handle_endtag(self, tag):
        self._in_check = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_check:
            self.check += data


def _dom(html: str) -> _Dom:
    d = _Dom()
    d.feed(html)
    return d


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    jdir = root / "journeys"
    jdir.mkdir()
    (jdir / "small.yaml").write_text(SMALL)
    (jdir / "xss.yaml").write_text(XSS)
    shutil.copytree(ROOT / "data", root / "data")  # the journeys' data folder: critical junctures
    out = root / "report"
    result = CliRunner().invoke(app, ["report", str(jdir), "--out", str(out), "--cases", "2000"])
    assert result.exit_code == 0, result.stderr
    return out


def test_no_console_messages_and_payloads_are_text(report_dir: Path) -> None:
    page = report_dir / "index.html"
    done = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    dom = _dom(done.stdout)
    assert "script" not in dom.tags and "img" not in dom.tags and "iframe" not in dom.tags
    text = "".join(dom.text)
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    for section in SECTIONS:
        assert section in dom.ids, section


@pytest.mark.parametrize("width", [1280, 390])
def test_sections_visible_and_screenshots(report_dir: Path, width: int) -> None:
    # A copy of the page with a probe script (the report itself has no script and forbids one).
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = ("<script>(function(){var ids=%s,r={};ids.forEach(function(id){var e=document.getElementById(id);"
             "if(!e){r[id]=null;return;}var b=e.getBoundingClientRect(),s=getComputedStyle(e);"
             "r[id]={w:b.width,h:b.height,display:s.display,visibility:s.visibility};});"
             "r.scrollWidth=document.documentElement.scrollWidth;r.innerWidth=window.innerWidth;"
             "var p=document.createElement('pre');p.id='visibility-check';p.textContent=JSON.stringify(r);"
             "document.body.appendChild(p);})();</script>") % json.dumps(list(SECTIONS))
    probe_page = report_dir.parent / f"probe-{width}.html"
    probe_page.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    done = chromium(f"--window-size={width},900", "--dump-dom", probe_page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(_dom(done.stdout).check)
    for section in SECTIONS:
        box = result[section]
        assert box is not None, section
        assert box["w"] > 0 and box["h"] > 0, (section, box)
        assert box["display"] != "none" and box["visibility"] == "visible", (section, box)
    assert result["scrollWidth"] <= result["innerWidth"], "the page must not scroll sideways"

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"report-{width}.png"
    done = chromium(f"--window-size={width},5000", f"--screenshot={shot}", (report_dir / "index.html").as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_bundled_report_in_the_browser(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["report", str(root / "journeys"), "--out", str(out), "--cases", "2000",
                                      "--data", str(root / "data")])
    assert result.exit_code == 0, result.stderr
    done = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", (out / "index.html").as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line for line in done.stderr.splitlines() if ":CONSOLE" in line] == []
    dom = _dom(done.stdout)
    sections = [i for i in dom.ids if i.startswith("journey-")]
    assert len(sections) == len(list((root / "journeys").glob("*.yaml")))
    assert {"summary", "extra-junctures", "assumptions", "about"} <= dom.ids
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-bundled-1280.png"
    done = chromium("--window-size=1280,3000", f"--screenshot={shot}", (out / "index.html").as_uri())
    assert done.returncode == 0 and shot.is_file()
