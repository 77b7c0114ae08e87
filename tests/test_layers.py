"""The layering of the package: each stage imports only stages below it, and the library never imports Typer.

loading < analysis, eventlog < simulation < compare, reality < render < report, infopack < cli. An import only for
type checkers (inside ``if TYPE_CHECKING:``) is not a dependency and is allowed.
"""

from __future__ import annotations

import ast

from conftest import ROOT

ORDER = {"loading": 0, "analysis": 1, "eventlog": 1, "simulation": 2, "capacity": 3, "compare": 3, "reality": 3,
         "render": 4, "report": 5, "infopack": 5, "cli": 6}
PACKAGE = ROOT / "nssf_journey"


def runtime_imports(tree: ast.AST):
    """Every ``from ..x import`` node outside ``if TYPE_CHECKING:`` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            continue
        if isinstance(node, (ast.ImportFrom, ast.Import)):
            yield node
        yield from runtime_imports(node)


def test_no_stage_imports_a_stage_above_it():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        stage = path.relative_to(PACKAGE).parts[0]
        if stage not in ORDER:
            continue
        for node in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                target = node.module.split(".")[0]
                if ORDER.get(target, -1) > ORDER[stage]:
                    upward.append(f"{path.relative_to(ROOT)}:{node.lineno}: imports {node.module}")
    assert upward == []


def test_the_library_never_imports_typer():
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue
        for node in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}" for n in names if n.split(".")[0] in ("typer", "rich")]
    assert found == []
