"""Journey maps and charts: what they contain, text escaping, and the helpers they share."""

from __future__ import annotations

import numpy as np
import pytest

from nssf_journey import analyze, parse_journey
from nssf_journey.render.charts import ParetoItem, lead_time_figure, pareto_figure, percentiles, wait_active_figure
from nssf_journey.render.figures import figure_bytes, figure_svg, mpl_text
from nssf_journey.render.journey_map import journey_map_figure, step_order
from nssf_journey.render.style import heat_bin, heat_colour, human_time
from nssf_journey.render.svg import inline_svg

from test_render_diagram import SMALL, XSS


def test_human_time_picks_a_readable_unit() -> None:
    assert [human_time(m) for m in (0, 45, 90, 150, 1440, 2160, 20160)] == [
        "0", "45 min", "1.5 h", "2.5 h", "1 day", "1.5 days", "14 days"]


def test_heat_bins_are_ordered() -> None:
    shares = np.linspace(0, 1, 101)
    bins = [heat_bin(s) for s in shares]
    assert bins == sorted(bins) and bins[0] == 0 and bins[-1] == 4
    assert heat_colour(0.3) == "#bd0026"


def test_percentiles() -> None:
    q = percentiles(np.arange(1, 101, dtype=float))
    assert q["p50"] == pytest.approx(50.5) and q["p90"] == pytest.approx(90.1) and q["mean"] == 50.5
    with pytest.raises(ValueError):
        percentiles([])


def test_mpl_text_escapes_dollars() -> None:
    assert mpl_text("US$4 and US$5") == "US\\$4 and US\\$5"


def test_inline_svg_prefixes_ids_and_drops_prolog() -> None:
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<!-- c -->'
           '<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="100pt" viewBox="0 0 300 100">'
           '<metadata>m</metadata><defs><clipPath id="c1"/></defs><g id="g1" clip-path="url(#c1)">'
           '<use xlink:href="#g1"/></g></svg>')
    out = inline_svg(svg, "j-", min_scale=0.5)
    assert out == ('<svg viewBox="0 0 300 100" style="width:100%;min-width:200px;height:auto"><defs>'
                   '<clipPath id="j-c1"/></defs><g id="j-g1" clip-path="url(#j-c1)"><use xlink:href="#j-g1"/></g>'
                   '</svg>')


def test_step_order_follows_the_likely_path_and_stages() -> None:
    j = parse_journey(SMALL)
    assert step_order(j, analyze(j)) == ["fill", "pay", "drop", "done", "refused"]


def test_journey_map_svg_has_text_and_escapes_xss() -> None:
    j = parse_journey(XSS)
    svg = figure_svg(journey_map_figure(j, analyze(j), persona_name="Bopha"))
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "Journey map \u2014 Bopha: Pay &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    assert "Pain points:" in svg and "1. &lt;script&gt;alert(1)&lt;/script&gt;: &quot;&gt;&lt;img" in svg \
        or "1. &lt;script&gt;alert(1)&lt;/script&gt;: \"&gt;&lt;img" in svg


def test_journey_map_png() -> None:
    j = parse_journey(SMALL)
    png = figure_bytes(journey_map_figure(j), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_charts_render() -> None:
    j = parse_journey(SMALL)
    a = analyze(j)
    rng = np.random.default_rng(0)
    lt = figure_svg(lead_time_figure(rng.exponential(600, 2000), title="T"))
    assert "p50" in lt and "p90" in lt and "2,000 simulated cases" in lt
    wa = figure_svg(wait_active_figure(a))
    assert "Pay at the bank" in wa and "waiting" in wa
    pa = figure_svg(pareto_figure([ParetoItem("A: x", 100, 50), ParetoItem("B: y", 300, 0)]))
    assert pa.index("B: y") < pa.index("A: x")  # largest first
    assert "cum. 75 %" in pa and "cum. 100 %" in pa
