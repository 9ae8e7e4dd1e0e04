"""Dependencies point the way DESIGN.md says: an import (or a by-name reference) that
crosses apps the wrong way fails here, naming the module and the line.

Every project module's imports are parsed with ``ast``: module-level, inside
functions and under ``TYPE_CHECKING`` alike. By-name references count too: a
model label (``"network.Network"``), ``apps.get_model("network", ...)``, a URL
name (``"reports:list"``), a migration's dependency (``("network", "0002_history")``)
and a template's ``{% url 'welfare:...' %}``.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKSTREAMS = {"welfare", "landrights", "distribution", "training", "strategy"}
APPS = {"core", "network", "reports", "config", *WORKSTREAMS}

# The allowed edges, written out by hand from DESIGN.md: app → the apps it may use.
# Core imports no app; network imports no workstream nor reports; a workstream uses
# only core and network (never another workstream, never reports: it tells reports
# what it has through the registries in core.reporting); reports uses only core and
# network and reaches the workstreams through registries they fill; config wires
# everything together.
ALLOWED = {
    "core": set(),
    "network": {"core"},
    "welfare": {"core", "network"},
    "landrights": {"core", "network"},
    "distribution": {"core", "network"},
    "training": {"core", "network"},
    "strategy": {"core", "network"},
    "reports": {"core", "network"},
    "config": APPS - {"config"},
}

# URL namespaces and the app that owns each (``imports`` is core's import pipeline,
# ``shared`` the reports' public links).
NAMESPACES = {
    "network": "network",
    "welfare": "welfare",
    "reports": "reports",
    "shared": "reports",
    "imports": "core",
    **{app: app for app in WORKSTREAMS},
}

MODEL_LABEL = re.compile(rf"^({'|'.join(sorted(APPS))})\.[A-Za-z]\w*$")
MIGRATION = re.compile(r"^(\d{4}_\w+|__first__|__latest__)$")
URL_NAME = re.compile(rf"^({'|'.join(sorted(NAMESPACES))}):\w+$")
TEMPLATE_URL = re.compile(r"""\{%\s*url\s+['"](\w+):""")


@dataclass(frozen=True)
class Edge:
    """One use of another app: from which module and line, to which app, as written."""

    module: str
    line: int
    app: str
    what: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} uses {self.app} ({self.what})"


def _app_of(dotted: str) -> str | None:
    top = dotted.split(".")[0]
    return top if top in APPS else None


def edges_of(module: str, source: str) -> list[Edge]:
    """Every reference from this module's source to another app of the project."""
    package = module.rsplit(".", 1)[0] if "." in module else module
    edges = []
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                targets = [".".join([*base, node.module or ""]).rstrip(".")]
            else:
                targets = [node.module or ""]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                targets = [first.value]
        elif (
            isinstance(node, ast.Tuple)
            and len(node.elts) == 2
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
            and MIGRATION.match(node.elts[1].value)
        ):
            targets = [node.elts[0].value]  # a migration dependency
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if MODEL_LABEL.match(node.value):
                targets = [node.value]
            elif URL_NAME.match(node.value):
                targets = [NAMESPACES[node.value.split(":")[0]] + ":" + node.value]
        for target in targets:
            app = _app_of(target.split(":")[0])
            if app is not None:
                what = target.split(":", 1)[1] if ":" in target else target
                edges.append(Edge(module, getattr(node, "lineno", 0), app, what))
    return edges


def forbidden(module: str, edges: list[Edge]) -> list[Edge]:
    """The edges from this module's app that DESIGN.md does not allow."""
    own = _app_of(module)
    if own is None:
        return []
    return [edge for edge in edges if edge.app != own and edge.app not in ALLOWED[own]]


def project_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []:
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[dotted.removesuffix(".__init__")] = path
    return modules


def template_app(path: Path) -> str:
    """Templates under templates/<app>/ belong to that app; the rest (base, components) to core."""
    first = path.relative_to(ROOT / "templates").parts[0]
    return first if first in APPS else "core"


def test_it_finds_the_apps_modules():
    modules = project_modules()
    assert {"core.tenancy", "network.views.community", "welfare.apps", "reports.views"} <= set(
        modules
    )


def test_no_module_uses_an_app_that_design_md_forbids():
    violations = [
        str(edge)
        for module, path in project_modules().items()
        for edge in forbidden(module, edges_of(module, path.read_text(encoding="utf-8")))
    ]
    assert violations == []


def test_no_template_links_to_an_app_its_own_app_may_not_use():
    violations = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        own = template_app(path)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for namespace in TEMPLATE_URL.findall(line):
                app = NAMESPACES.get(namespace)
                if app and app != own and app not in ALLOWED[own]:
                    violations.append(f"{path.relative_to(ROOT)}:{number} links to {namespace}")
    assert violations == []


def test_no_view_module_imports_another_apps_view_module():
    def is_views(name: str) -> bool:
        return ".views" in f".{name.split('.', 1)[-1]}" or name.endswith("_views")

    violations = [
        str(edge)
        for module, path in project_modules().items()
        if is_views(module)
        for edge in edges_of(module, path.read_text(encoding="utf-8"))
        if edge.app != _app_of(module) and is_views(edge.what)
    ]
    assert violations == []


# The checker itself, on synthetic modules


def test_it_catches_an_import_inside_a_function():
    source = "def f():\n    from welfare.models import Programme\n    return Programme\n"
    assert [str(edge) for edge in forbidden("core.fake", edges_of("core.fake", source))] == [
        "core.fake:2 uses welfare (welfare.models)"
    ]


def test_it_catches_an_import_kept_for_type_checking():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from network.models import Network\n"
    )
    assert [str(edge) for edge in forbidden("core.fake", edges_of("core.fake", source))] == [
        "core.fake:3 uses network (network.models)"
    ]


def test_it_catches_one_workstream_importing_another_and_reports():
    source = "import landrights.models\nfrom reports import charts\nfrom core import thai\n"
    assert [str(e) for e in forbidden("welfare.views", edges_of("welfare.views", source))] == [
        "welfare.views:1 uses landrights (landrights.models)",
        "welfare.views:2 uses reports (reports)",
    ]


def test_it_catches_references_by_name():
    source = (
        "from django.apps import apps\n"
        "fk = 'network.Network'\n"
        "membership = apps.get_model('network', 'Membership')\n"
        "def home(request):\n"
        "    return redirect('reports:list')\n"
    )
    found = sorted(str(e) for e in forbidden("core.fake", edges_of("core.fake", source)))
    assert found == [
        "core.fake:2 uses network (network.Network)",
        "core.fake:3 uses network (network)",
        "core.fake:5 uses reports (reports:list)",
    ]
    found = sorted(str(e) for e in forbidden("network.fake", edges_of("network.fake", source)))
    assert found == ["network.fake:5 uses reports (reports:list)"]


def test_it_catches_a_migration_depending_on_an_app_it_may_not_use():
    source = (
        "class Migration(migrations.Migration):\n"
        "    dependencies = [('network', '0002_history')]\n"
        "    operations = [migrations.AddField('importjob', 'x', fk(to='network.network'))]\n"
    )
    module = "core.migrations.0002_x"
    assert sorted(str(e) for e in forbidden(module, edges_of(module, source))) == [
        "core.migrations.0002_x:2 uses network (network)",
        "core.migrations.0002_x:3 uses network (network.network)",
    ]


def test_it_resolves_relative_imports_to_their_own_app():
    source = "from . import services\nfrom ..models import Village\n"
    assert forbidden("network.views.community", edges_of("network.views.community", source)) == []


def test_it_lets_config_use_every_app():
    source = "from welfare import urls\nfrom reports import urls as r\nimport network.urls\n"
    assert forbidden("config.urls", edges_of("config.urls", source)) == []
