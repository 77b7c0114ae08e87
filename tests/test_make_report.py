"""make_report: the report that ``nssf-journey report`` writes, made from Python; and its warnings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey import load_journey, make_report
from nssf_journey.compare import compare_journeys
from nssf_journey.loading.data import load_data
from nssf_journey.report import comparison_report_files, report_files
from nssf_journey.cli import app
from conftest import ROOT

runner = CliRunner()
GENERATED = re.compile(rb"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC")


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def journeys(tmp_path_factory) -> Path:
    """Two as-is journeys (one with a counter queue) and a redesign of one of them, in a project folder of their own
    with the bundled data folder beside them."""
    folder = tmp_path_factory.mktemp("j") / "journeys"
    (folder / "redesign").mkdir(parents=True)
    for name in ("contribution_payment.yaml", "worker_registration.yaml", "redesign/contribution_payment_online.yaml"):
        shutil.copy(ROOT / "journeys" / name, folder / name)
    shutil.copytree(ROOT / "data", folder.parent / "data")
    return folder


def written(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): GENERATED.sub(b"Generated (time)", p.read_bytes())
            for p in out.rglob("*") if p.is_file() and not p.name.startswith(".nssf-journey-")}


def test_make_report_is_what_the_command_writes(journeys: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = runner.invoke(app, ["report", str(journeys), "--cases", "300", "--seed", "5", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    report, warnings = make_report([journeys], cases=300, seed=5)
    assert warnings == report.warnings == ()
    files = {k: GENERATED.sub(b"Generated (time)", v) for k, v in report_files(report).items()}
    assert files == written(out)
    # as-is journeys get a section each; the redesign is compared with today, with queues and national savings
    assert [s.journey.id for s in report.journeys] == ["contribution_payment", "worker_registration"]
    assert [x.id for x in report.extra_sections] == ["junctures", "queues", "capacity", "comparisons"]
    comparisons = next(x for x in report.extra_sections if x.id == "comparisons")
    assert {t.id for t in comparisons.tables} == {"comparisons", "comparisons-queues", "redesign-savings"}
    # journeys already loaded give the same report
    again, _ = make_report([load_journey(p) for p in sorted(journeys.rglob("*.yaml"))], cases=300, seed=5,
                           now=report.generated)
    assert report_files(again) == report_files(report)


def test_progress_messages_go_through_the_callback(journeys: Path) -> None:
    said: list[str] = []
    make_report([journeys / "worker_registration.yaml"], cases=10, diagrams=False, progress=said.append)
    assert said == ["[1/1] worker_registration: simulating 10 cases", "critical junctures",
                    "[1/1] worker_registration: drawing", "summary and tables"]


def test_a_redesign_without_its_journey_is_left_out_with_a_warning(journeys: Path) -> None:
    report, warnings = make_report([journeys / "worker_registration.yaml",
                                    journeys / "redesign" / "contribution_payment_online.yaml"],
                                   simulate=False, diagrams=False)
    assert warnings == ("redesign 'contribution_payment_online' extends 'contribution_payment', which is not among "
                        "the journeys reported on; it is left out",)
    assert [x.id for x in report.extra_sections] == ["junctures"]


def test_the_data_folder_is_found_from_the_journeys_not_the_current_folder(journeys: Path, tmp_path: Path) -> None:
    # the same rule as validate: the nearest data/ with a sources.yaml beside the journeys, whatever the current
    # folder (here the checkout, whose data/ names NSSF)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(journeys / "worker_registration.yaml", alone)
    report, warnings = make_report([alone], simulate=False, diagrams=False)
    assert warnings == ("no data folder beside the journeys (a data/ folder with sources.yaml in their folder or "
                        "above it; --data names one); the report has no critical junctures section and no "
                        "bibliography",)
    assert report.extra_sections == () and report.institution.named is False
    beside, warnings = make_report([journeys / "redesign" / "contribution_payment_online.yaml",
                                    journeys / "contribution_payment.yaml"], simulate=False, diagrams=False)
    assert warnings == () and beside.institution.short_name == "NSSF"
    assert [x.id for x in beside.extra_sections][0] == "junctures"


def test_unusable_data_and_missing_graphviz_are_warnings(journeys: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nssf_journey.render.diagram.shutil.which", lambda _name: None)
    (tmp_path / "sources.yaml").write_text("sources: [\n")
    report, warnings = make_report([journeys / "worker_registration.yaml"], data=tmp_path, simulate=False)
    assert warnings[0] == ("the Graphviz program 'dot' is not installed; install it with: sudo apt-get install "
                           "graphviz; the report has no process diagrams")
    assert warnings[1].startswith(f"{tmp_path}: data unusable ({tmp_path}/")  # the first problem of the folder
    assert warnings[1].endswith("); the report has no critical junctures section and no bibliography")
    assert report.extra_sections == () and report.journeys[0].figures[0].svg is None
    # the command prints each warning on a line of its own and still writes the report
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(journeys / "worker_registration.yaml"), "--no-simulate",
                                 "--data", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [f"nssf-journey: warning: {w}" for w in warnings] == [x for x in lines if "warning" in x]
    assert (out / "index.html").is_file()


def test_only_redesigns_is_an_error(journeys: Path) -> None:
    message = "no as-is journey to report on: every journey given is a redesign (redesign_of)"
    with pytest.raises(ValueError, match=re.escape(message)):
        make_report([journeys / "redesign"])
    result = runner.invoke(app, ["report", str(journeys / "redesign"), "--out", "nowhere-written"])
    assert (result.exit_code, result.stderr) == (2, f"nssf-journey: error: {message}\n")
    assert not Path("nowhere-written").exists()


def test_the_comparison_report_is_what_compare_out_writes(journeys: Path, tmp_path: Path) -> None:
    base, online = journeys / "contribution_payment.yaml", journeys / "redesign" / "contribution_payment_online.yaml"
    out = tmp_path / "c"
    result = runner.invoke(app, ["compare", str(base), str(online), "--cases", "400", "--unit", "hours",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    c = compare_journeys(load_journey(base), load_journey(online), cases=400, seed=1, data=load_data("data"))
    files = {k: GENERATED.sub(b"Generated (time)", v) for k, v in comparison_report_files(c, unit="hours").items()}
    assert files == written(out)


def test_make_pack_is_what_the_infopack_command_writes(journeys: Path, tmp_path: Path) -> None:
    from nssf_journey import load_journeys
    from nssf_journey.infopack import check_translations, make_pack, pack_files
    from nssf_journey.infopack.assemble import translation_inputs

    out = tmp_path / "pack"
    result = runner.invoke(app, ["infopack", str(journeys), "--lang", "en", "--audience", "employer", "--seed", "3",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    loaded = load_journeys([journeys])
    pack = make_pack(loaded, "data", languages=["en"], audiences=["employer"], seed=3)
    assert pack_files(pack) == written(out)
    assert [j.id for j in pack.journeys] == ["contribution_payment", "worker_registration"]  # no redesign
    assert result.stderr.splitlines() == [
        "infopack: left out 1 redesign (the pack describes today's service)",
        f"wrote {out / 'index.html'}: {len([p for p in pack_files(pack) if p.endswith('.html')])} pages for 2 "
        f"journeys, {len(pack_files(pack))} files"]
    # --check-translations prints the library's check
    files = [str(p) for p in sorted(journeys.rglob("*.yaml"))] + [str(f) for f in translation_inputs("data")]
    check = check_translations(files, pack_files(make_pack(loaded, "data", seed=1)))
    assert check.status == {str(journeys / "contribution_payment.yaml"): "draft", "data/benefits.yaml": "draft",
                            "data/infopack.yaml": "draft", "data/staff_guide.yaml": "draft",
                            str(journeys / "worker_registration.yaml"): "draft"}  # the redesign is left out
    assert check.ok and check.pages  # every Khmer page of the pack was read, and none shows English
    result = runner.invoke(app, ["infopack", str(journeys), "--check-translations"])
    assert result.stdout.splitlines() == check.lines()
