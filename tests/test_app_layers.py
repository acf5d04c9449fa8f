"""The apps are layered as the design reads: orgchart (who is who) ← avvik (the report) ←
cases (its handling) ← reports (figures and PDFs), with health and the demo above them.
A lower app never imports a higher one, not even inside a function: where the lower must
react to the higher, the higher calls it (CONVENTIONS.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["orgchart", "avvik", "cases", "reports", "health", "demo"]


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(LAYERS)


def _upward_imports() -> list[str]:
    found = []
    for rank, app in enumerate(LAYERS):
        for path in sorted((ROOT / app).rglob("*.py")):
            for imported in _imported_apps(path):
                if LAYERS.index(imported) > rank:
                    found.append(f"{path.relative_to(ROOT)} imports {imported}")
    return found


def test_no_app_imports_an_app_above_it():
    assert _upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The check reads an import inside a function as well as one at the top."""
    module = tmp_path / "orgchart" / "late.py"
    module.parent.mkdir()
    module.write_text("def f():\n    from cases.models import Case\n", encoding="utf-8")
    for app in LAYERS[1:]:
        (tmp_path / app).mkdir()
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)

    assert _upward_imports() == ["orgchart/late.py imports cases"]
