"""docs/format.md shows the format as the code describes it: its key tables are generated and up to date."""

from __future__ import annotations

import re

from nssf_journey.loading.fields import Derived, Field, Text
from nssf_journey.loading.format import STEP
from nssf_journey.loading.format_docs import TABLES, render_tables, required_text, table
from conftest import ROOT

DOCS = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")


def test_the_tables_of_docs_format_md_are_generated_from_the_format():
    assert render_tables(DOCS) == DOCS, "run: .venv/bin/python -m nssf_journey.loading.format_docs"
    assert set(re.findall(r"<!-- fields: (\w+) -->", DOCS)) == set(TABLES)


def test_a_row_says_whether_a_key_is_required_and_what_it_defaults_to():
    assert required_text(Field(Text(), required=True)) == "yes"
    assert required_text(Field(Text())) == "no"
    assert required_text(STEP.fields["wait_reason"]) == "no (`service`)"
    assert required_text(Field(Text(), default=Derived("from `channel`"))) == "no (from `channel`)"
    assert "| `wait_reason` | no (`service`) | Why the wait happens: `service` (waiting for NSSF" in table(STEP)
    assert "| `days` | no (`[mon, tue, wed, thu, fri]`) | The open weekdays. |" in DOCS


def test_a_stale_table_is_rewritten():
    stale = DOCS.replace("| `wait_reason` | no (`service`) |", "| `wait_reason` | no |")
    assert stale != DOCS and render_tables(stale) == DOCS
