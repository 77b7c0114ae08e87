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
        "bomb.yaml:7:20: error: the document expands to more than 2,000,000 YAML values (an alias bomb?); refusing to load it"
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


HOSTILE = __import__("pathlib").Path(__file__).parent / "data" / "hostile"


@pytest.mark.parametrize("name, where, alias", [
    ("alias_recursive.yaml", "1:8", "a"),
    ("alias_recursive_mapping.yaml", "3:19", "s"),
])
def test_recursive_alias_is_refused_at_its_place_instantly(name, where, alias):
    file = HOSTILE / name
    started = time.perf_counter()
    with pytest.raises(JourneyError) as info:
        parse_yaml(file.read_text(), str(file))
    assert time.perf_counter() - started < 2
    assert str(info.value) == (f"{file}:{where}: error: the alias *{alias} refers to a node that contains it (a recursive"
                               " alias); refusing to load it")


def test_validate_refuses_a_recursive_alias_in_one_line_with_exit_2():
    from typer.testing import CliRunner

    from nssf_journey.cli import app

    file = HOSTILE / "alias_recursive.yaml"
    result = CliRunner().invoke(app, ["validate", str(file)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (f"{file}:1:8: error: the alias *a refers to a node that contains it (a "
                                             "recursive alias); refusing to load it")


def test_shared_aliases_count_as_every_value_they_stand_for():
    from nssf_journey.loading.yaml_source import count_values

    text = "a: &a [1, 2]\nb: [*a, *a]\n"
    assert count_values(text) == 1 + (1 + 2) + (1 + 3 + 3)
    assert parse_yaml(text, "ok.yaml").data == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


def test_a_repeated_anchor_name_is_a_syntax_error_not_a_silent_redefinition():
    with pytest.raises(JourneyError) as info:
        parse_yaml("a: &x 1\nb: &x 2\nc: *x\n", "dup.yaml")
    assert str(info.value).startswith("dup.yaml:2:4: error: YAML syntax: second occurrence (found duplicate anchor 'x'")


def test_a_dense_file_over_the_limit_is_refused_before_its_tree_is_built():
    """The issue's 4.2 MB file of 2.1 million list items: refused in small memory (measured in a child process, so
    that this process's own heap does not count), within a time bound for a loaded 2-core machine."""
    import subprocess
    import sys

    code = (
        "import resource, time\n"
        "from nssf_journey.loading.yaml_source import parse_yaml\n"
        "from nssf_journey.loading.problems import JourneyError\n"
        "text = '[' + '1,' * 2_100_000 + ']'\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    parse_yaml(text, 'dense.yaml')\n"
        "except JourneyError as exc:\n"
        "    print(exc)\n"
        "print(time.perf_counter() - t)\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    message, seconds, grown_mb = out.stdout.splitlines()
    assert message == "dense.yaml:1:1: error: the document holds more than 2,000,000 YAML values; refusing to load it"
    assert float(seconds) < 30
    assert float(grown_mb) < 150  # the tree it refuses would take over 1 GB


def test_watched_and_c_composers_build_the_same_document():
    from nssf_journey.loading import yaml_source as ys

    text = (ROOT_JOURNEY.read_text(encoding="utf-8"))
    plain = parse_yaml(text, "j.yaml")
    assert not ys.needs_watching(text)
    watched = parse_yaml(text + "\n# *\n", "j.yaml")  # a '*' anywhere makes the composer watch
    assert watched.data == plain.data and watched.values == plain.values and watched.keys == plain.keys


ROOT_JOURNEY = __import__("pathlib").Path(__file__).parent.parent / "journeys" / "sickness_benefit_claim.yaml"
