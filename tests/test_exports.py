"""The package's public names: _EXPORTS (what ``import nssf_journey`` resolves lazily) and the TYPE_CHECKING imports
(what editors and type checkers see) must name the same things from the same modules, and each must resolve."""

from __future__ import annotations

import ast
import subprocess
import sys

import nssf_journey
from conftest import ROOT


def type_checking_imports() -> dict[str, str]:
    tree = ast.parse((ROOT / "nssf_journey" / "__init__.py").read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    out: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1, ast.unparse(node)
        for alias in node.names:
            assert alias.asname is None and alias.name not in out, alias.name
            out[alias.name] = node.module or ""
    return out


def test_exports_and_type_checking_imports_agree():
    assert type_checking_imports() == nssf_journey._EXPORTS
    assert nssf_journey.__all__ == sorted(nssf_journey._EXPORTS)


def test_every_export_resolves_to_the_object_of_its_module():
    import importlib

    for name, module in nssf_journey._EXPORTS.items():
        value = getattr(nssf_journey, name)
        assert value is getattr(importlib.import_module(f"nssf_journey.{module}"), name), name
        assert getattr(value, "__module__", "").startswith(f"nssf_journey.{module.split('.')[0]}"), name
    assert set(dir(nssf_journey)) >= set(nssf_journey.__all__)


def test_importing_the_package_loads_no_module_it_does_not_need():
    code = "import sys, nssf_journey; print(sorted(m for m in ('numpy', 'typer', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
