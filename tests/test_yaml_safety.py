"""Hostile YAML is refused quickly with a clear message."""

from __future__ import annotations

import time

import pytest

from nssf_journey.loading.problems import JourneyError
from nssf_journey.loading.yaml_source import MAX_BYTES, parse_yaml


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_without_expanding_it():
    started = time.perf_counter()
    with pytest.raises(JourneyError) as info:
        parse_yaml(billion_laughs(), "bomb.yaml")
    assert time.perf_counter() - started < 2  # refused, not expanded (a correctness bound, not a benchmark)
    assert str(info.value) == (
        "bomb.yaml:1:1: error: the document expands to more than 2,000,000 YAML nodes (an alias bomb?); refusing to load it"
    )


def test_small_aliases_are_fine_and_keep_positions():
    doc = parse_yaml("base: &b {x: 1}\ncopy: *b\nmerged:\n  <<: *b\n  y: 2\n", "ok.yaml")
    assert doc.data == {"base": {"x": 1}, "copy": {"x": 1}, "merged": {"y": 2, "x": 1}}
    assert doc.where(("merged", "y")) == (5, 6)


def test_oversized_file_is_refused():
    text = "a: " + "x" * (MAX_BYTES + 1)
    with pytest.raises(JourneyError) as info:
        parse_yaml(text, "big.yaml")
    assert str(info.value) == "big.yaml:1:1: error: the file is larger than 20 MB; refusing to load it"


def test_deep_nesting_is_refused():
    with pytest.raises(JourneyError) as info:
        parse_yaml("a: " + "[" * 2000 + "]" * 2000, "deep.yaml")
    assert "nest" in str(info.value) and str(info.value).startswith("deep.yaml:1:")
