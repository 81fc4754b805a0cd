"""The layers stay in one direction: the domain knows nothing of the web."""

import ast
from pathlib import Path

import booking

PACKAGE = Path(booking.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_services_and_models_never_import_flask_or_the_web_layer():
    for layer in ("services", "models"):
        for path in (PACKAGE / layer).rglob("*.py"):
            imported = _imports(path)
            assert not {
                n
                for n in imported
                if n.split(".")[0] in {"flask", "flask_login", "flask_wtf", "werkzeug"}
            }, path
            assert not {n for n in imported if n.startswith(("booking.web", "booking.api"))}, path
