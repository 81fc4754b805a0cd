"""The layout's rules (README, "Architecture"), checked on the source:

1. Flask only at the web edge: a context's views.py, *_views.py, forms.py, *_forms.py and
   api.py, the
   shared web/ and api/ packages, the app factory and the command line.
2. Contexts import downward only, in the order of CONTEXTS; the domain of a context (every
   file that is not its web edge) imports nothing of web/ or api/.
3. Across contexts only public names: nothing starting with an underscore is imported or read
   from another context, by the package, the bench or the tests.
"""

import ast
from pathlib import Path

import booking

PACKAGE = Path(booking.__file__).parent
REPO = PACKAGE.parent
CONTEXTS = (
    "core",
    "audit",
    "outbox",
    "accounts",
    "events",
    "bookings",
    "catalogue",
    "checkin",
    "referrals",
    "feedback",
    "reports",
    "network",
    "privacy",
)
SHARED_EDGES = ("web", "api")
WEB_LIBRARIES = {"flask", "flask_login", "flask_wtf", "werkzeug", "wtforms", "govuk_frontend_wtf"}
EDGE_FILES = {"views.py", "forms.py", "api.py"}
TOP_LEVEL_EDGES = {"__init__.py", "cli.py"}
# They import every context.
WHOLE_APP = {
    "booking.models",
    "booking.demo",
    "booking.demo_door",
    "booking.demo_reach",
    "booking.demo_feedback",
    "booking.demo_network",
    "booking.demo_notices",
    "booking.demo_surveys",
    "booking.cli",
}


def _imports(tree: ast.AST, module_of_file: str) -> list[str]:
    """Every module the tree imports from, relative imports resolved; ``from booking import x``
    counts as importing ``booking.x``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module_of_file)
            found.append(base)
            if base == "booking":
                found += [f"booking.{alias.name}" for alias in node.names]
    return found


def _absolute(node: ast.ImportFrom, module_of_file: str) -> str:
    if node.level == 0:
        return node.module or ""
    package = module_of_file.split(".")[: -node.level]
    return ".".join([*package, *([node.module] if node.module else [])])


def _place(path: Path, package: Path) -> tuple[str | None, bool]:
    """(the context or shared edge a file belongs to, whether it is web edge)."""
    parts = path.relative_to(package).parts
    if len(parts) == 1:
        return None, parts[0] in TOP_LEVEL_EDGES
    top = parts[0]
    if top in SHARED_EDGES:
        return top, True
    return top, path.name in EDGE_FILES or path.name.endswith(("_views.py", "_forms.py"))


def _context_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "booking" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in CONTEXTS + SHARED_EDGES else None


def layout_violations(package: Path, others: list[Path] = ()) -> list[str]:
    """Every breach of the three rules in ``package`` (a copy of booking/) and, for rule 3,
    in the other files given (the bench, the tests)."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text())
        own, edge = _place(path, package)
        where = path.relative_to(package.parent)
        module_of_file = ".".join(where.with_suffix("").parts)
        for module in _imports(tree, module_of_file):
            if module.split(".")[0] in WEB_LIBRARIES and not edge:
                found.append(f"{where}: imports {module} outside the web edge")
            if own in CONTEXTS and module in WHOLE_APP:
                found.append(f"{where}: {own} imports {module}, which holds every context")
            target = _context_of(module)
            if target is None or target == own or own is None:
                continue
            if target in SHARED_EDGES and not edge:
                found.append(f"{where}: the domain imports {module}")
            elif _is_upward(own, target):
                found.append(f"{where}: {own} imports upward from {module}")
        found += _private_uses(tree, where, own)
    for path in others:
        found += _private_uses(ast.parse(path.read_text()), path, None)
    return found


def _is_upward(own: str, target: str) -> bool:
    both = own in CONTEXTS and target in CONTEXTS
    return both and CONTEXTS.index(target) > CONTEXTS.index(own)


def _private_uses(tree: ast.AST, where, own: str | None) -> list[str]:
    """Private names of other contexts, imported or read through a module alias."""
    found, aliases = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _context_of(node.module) in (None, own):
                continue
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{where}: imports {alias.name} from {node.module}")
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _context_of(alias.name) not in (None, own) and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"{where}: reads {aliases[node.value.id]}.{node.attr}")
    return found


def test_the_package_keeps_its_layout():
    others = [*sorted((REPO / "bench").rglob("*.py")), *sorted((REPO / "tests").rglob("*.py"))]
    assert layout_violations(PACKAGE, others) == []


def test_the_layout_check_finds_each_kind_of_breach(tmp_path):
    """The check above can fail: a copy of the package's shape with one breach of each rule."""
    package = tmp_path / "booking"
    files = {
        "events/rules.py": "from flask import request\n",
        "accounts/services.py": "from booking.bookings.models import Booking\n",
        "bookings/services.py": "from booking.web.database import db\n",
        "catalogue/listing.py": "from booking.bookings.places import _hidden\n",
        "catalogue/views.py": "from flask import Blueprint\nfrom booking.web.database import db\n",
        "events/editing.py": "from ..bookings import services\n",
        "outbox/queue.py": "from booking import models\n",
    }
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    bench = tmp_path / "bench.py"
    bench.write_text("from booking.bookings import services as s\ns._secret\n")
    assert layout_violations(package, [bench]) == [
        "booking/accounts/services.py: accounts imports upward from booking.bookings.models",
        "booking/bookings/services.py: the domain imports booking.web.database",
        "booking/catalogue/listing.py: imports _hidden from booking.bookings.places",
        "booking/events/editing.py: events imports upward from booking.bookings",
        "booking/events/rules.py: imports flask outside the web edge",
        "booking/outbox/queue.py: outbox imports booking.models, which holds every context",
        f"{bench}: reads booking.bookings.services._secret",
    ]
