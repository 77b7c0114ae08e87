"""The README's tutorial works exactly as written."""

from __future__ import annotations

import re
import textwrap

from typer.testing import CliRunner

from nssf_journey import analyze, load_journey
from nssf_journey.cli import app
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def tutorial_yaml() -> str:
    block = re.search(r"Save this as `my_claim.yaml`:\n\n(.*?)```yaml\n(.*?)```", README, re.S)
    assert block, "the tutorial's YAML block is missing from README.md"
    return textwrap.dedent(block.group(2))


def test_tutorial_journey_validates_and_gives_the_figures_the_readme_quotes(tmp_path):
    path = tmp_path / "my_claim.yaml"
    path.write_text(tutorial_yaml(), encoding="utf-8")
    a = analyze(load_journey(path, strict=True))
    assert f"{a.lead_time_mean / 1440:.1f} days here" in README
    assert f"({100 * a.success_probability:.1f} % paid)" in README
    assert [s.step for s in a.bottlenecks][0] == "nssf_checks"


def test_tutorial_mistake_gives_the_error_the_readme_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_claim.yaml").write_text(tutorial_yaml().replace("p: 0.8}", "p: 0.7}"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "my_claim.yaml"])
    assert result.exit_code == 2
    quoted = re.search(r"validate again:\n\s+`([^`]+)`", README).group(1)
    assert result.stderr.strip() == quoted


def test_readme_names_the_two_commands_that_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./run main" in README and "./run tests" in README
    assert "./run main" in ci and "./run tests" in ci


def test_log_tutorial_runs_as_written_and_gives_the_figures_it_quotes(tmp_path, monkeypatch):
    """The five commands of the log tutorial, from the project folder, and the numbers the README quotes."""
    block = re.search(r"## Tutorial: from a case system's export.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [c.split("#")[0].strip() for c in block.replace("\\\n", " ").splitlines() if c.strip()]
    assert commands[0] == "mkdir -p measured" and len(commands) == 6
    import json
    import shlex

    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    (tmp_path / "measured").mkdir()
    runner = CliRunner()
    outputs = []
    for command in commands[1:]:
        args = shlex.split(command)
        assert args[0] == ".venv/bin/nssf-journey"
        result = runner.invoke(app, args[1:])
        assert result.exit_code == 0, (command, result.stderr)
        outputs.append(result.stdout)
    assert outputs[0].splitlines()[0].endswith("400 cases, 2,366 events, 25 activities, 57 variants")
    assert "case duration: mean 6.23 days, median 0.03 days" in outputs[0]
    assert "Lead time (mean)        6.23 d" in outputs[3]
    assert "6.23 days" in README and "57 variants" in README
    assert (tmp_path / "measured-report" / "index.html").exists()
    figures = json.loads(runner.invoke(app, ["log", "tests/data/logs/receipt_400.csv", "--json"]).stdout)
    assert (figures["cases"], figures["events"], figures["variants"]) == (400, 2366, 57)


def test_log_tutorial_python_example_prints_what_it_says(monkeypatch, capsys):
    block = re.search(r"The same from Python .*?```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    expected = [line.split("# ")[1].split(":")[0].strip() for line in block.splitlines() if line.startswith("print(")]
    assert printed == expected == ["400 57 6.23", "6.23"]


def test_reality_tutorial_runs_as_written_and_gives_the_figures_it_quotes(tmp_path, monkeypatch):
    """The three commands of the tutorial "a hand-written journey against reality", and the numbers it quotes."""
    block = re.search(r"## Tutorial: a hand-written journey against reality.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [c.strip() for c in block.replace("\\\n", " ").splitlines() if c.strip()]
    assert len(commands) == 3
    import shlex

    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    (tmp_path / "measured").mkdir()
    runner = CliRunner()
    outputs = []
    for command in commands:
        args = shlex.split(command)
        assert args[0] == ".venv/bin/nssf-journey"
        result = runner.invoke(app, args[1:])
        assert result.exit_code == 0, (command, result.output)
        outputs.append(result.stdout)
    before, after = outputs[0], outputs[2]
    assert "fitness: 74.2% of the cases follow a path of the journey" in before and "74.2% of the cases" in README
    median = re.compile(r"^median\s+(\S+)\s+(\S+)", re.M)
    log_median, simulated = median.search(before).groups()
    assert f"takes {simulated} days where the log's takes {log_median}" in README
    assert median.search(before).group(0) in before and "(outside)" in before.split("median", 2)[2].splitlines()[0]
    assert f"the simulated median is now {median.search(after).group(2)} days" in README
    assert "9 numbers became measured" in outputs[1] and "9 numbers\n   became measured" in README
    import json

    data = json.loads(CliRunner().invoke(app, ["conform", "measured/receipt_hand.yaml", "tests/data/logs/receipt_400.csv",
                                               "--json"]).stdout)
    assert max(abs(o["difference"]) for o in data["fidelity"]["outcomes"].values()) < 0.06  # "within 6 %"
