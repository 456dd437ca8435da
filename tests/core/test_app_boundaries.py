"""The apps depend on each other one way only.

Every .py file under ecosystem/<app>/ (migrations included) is parsed, and each reference
to another app is collected: imports of ecosystem.<app> at module level or inside a
function, relative imports, dotted strings naming ecosystem.<app>, model strings such as
"news.NewsItem" (also lowercased, as migrations write them), apps.get_model("news", ...)
and the app labels of a migration's `dependencies`. Each app may use only the apps listed
in ALLOWED; the project's own modules (ecosystem/settings.py, urls.py, celery.py, wsgi.py)
may use anything, and no app may use them.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "ecosystem"
TESTS = REPO / "tests"

ALLOWED = {
    "core": set(),
    "brands": {"core"},
    "news": {"core", "brands"},
    "announcements": {"core", "brands", "news"},
    "follows": {"core", "brands", "news", "announcements"},
    "pages": {"core", "brands", "news", "announcements", "follows"},
    "api": {"core", "brands", "news", "announcements", "follows"},
}
APPS = set(ALLOWED)
# The top-level modules: they wire the apps together, so an app that uses them uses
# every app. They count as this one name.
PROJECT = "the project (ecosystem/*.py)"
PROJECT_MODULES = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}

# Uses of the project that are known and accepted, as (file, what it uses). Each must still
# be in the code: remove it here when the code stops needing it.
ACCEPTED: set[tuple[str, str]] = set()

MODEL_STRING = re.compile(rf"^({'|'.join(APPS)})\.[A-Za-z_][A-Za-z0-9_]*$")
DOTTED_STRING = re.compile(r"^ecosystem\.([A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z0-9_.]*)?$")


def app_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def target_of(dotted: str) -> str | None:
    """The app (or PROJECT) that `ecosystem.<first>...` names; None for anything else."""
    parts = dotted.split(".")
    if parts[0] != "ecosystem" or len(parts) < 2:
        return None
    if parts[1] in APPS:
        return parts[1]
    if parts[1] in PROJECT_MODULES:
        return PROJECT
    return None


def module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def references(path: Path, source: str | None = None):
    """(line, target, what) for each reference from `path` to an app or to the project."""
    tree = ast.parse(path.read_text() if source is None else source, filename=str(path))
    package = module_name(path)
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if target := target_of(alias.name):
                    yield node.lineno, target, f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names = [module] if module != "ecosystem" else []
            # `from ecosystem import news` and `from ecosystem.news import x` alike.
            names += [f"{module}.{alias.name}" for alias in node.names]
            for name in names:
                if target := target_of(name):
                    yield node.lineno, target, f"from {module} import ..."
                    break
        elif isinstance(node, ast.Call) and _called(node) == "get_model" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                label = first.value.split(".")[0]
                if label in APPS:
                    yield node.lineno, label, f"get_model({first.value!r}, ...)"
        elif isinstance(node, ast.Assign | ast.AnnAssign) and _assigns(node, "dependencies"):
            for element in ast.walk(node.value):
                if isinstance(element, ast.Tuple) and element.elts:
                    label = element.elts[0]
                    if isinstance(label, ast.Constant) and label.value in APPS:
                        yield element.lineno, label.value, f"migration dependency {label.value!r}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if match := MODEL_STRING.match(node.value):
                yield node.lineno, match.group(1), f"string {node.value!r}"
            elif DOTTED_STRING.match(node.value) and (target := target_of(node.value)):
                yield node.lineno, target, f"string {node.value!r}"


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _assigns(node, name: str) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return any(isinstance(target, ast.Name) and target.id == name for target in targets)


def app_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        if len(path.relative_to(PACKAGE).parts) > 1:
            yield path


def uses():
    """{(app, target): ["file:line what", ...]} for every reference across apps."""
    found = defaultdict(list)
    for path in app_files():
        app = app_of(path)
        for line, target, what in references(path):
            if target != app:
                found[app, target].append((path.relative_to(REPO).as_posix(), line, what))
    return found


def test_every_package_under_ecosystem_is_a_known_app():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages == APPS, "a new app needs its place in ALLOWED"


def test_each_app_uses_only_the_apps_it_may():
    offences = [
        f"{file}:{line}: {app} uses {target} ({what})"
        for (app, target), places in sorted(uses().items())
        if target not in ALLOWED[app] and target != PROJECT
        for file, line, what in places
    ]
    assert not offences, "apps used against the rules in ALLOWED:\n" + "\n".join(offences)


def test_no_app_uses_the_project_modules_that_wire_the_apps_together():
    places = [
        place for (_, target), found in uses().items() if target == PROJECT for place in found
    ]
    offences = [
        f"{file}:{line}: {what}"
        for file, line, what in sorted(places)
        if (file, what) not in ACCEPTED
    ]
    assert not offences, "apps that use ecosystem/*.py:\n" + "\n".join(offences)
    stale = ACCEPTED - {(file, what) for file, _, what in places}
    assert not stale, f"no longer in the code, drop from ACCEPTED: {stale}"


def test_the_apps_depend_on_each_other_without_a_cycle():
    graph = defaultdict(set)
    for app, target in uses():
        if target in APPS:
            graph[app].add(target)
    for app, allowed in ALLOWED.items():  # the rules themselves must be acyclic too
        graph[app] |= allowed

    def cycle_from(app, path):
        if app in path:
            return path[path.index(app) :] + [app]
        for target in sorted(graph[app]):
            if found := cycle_from(target, path + [app]):
                return found
        return None

    for app in sorted(APPS):
        cycle = cycle_from(app, [])
        assert cycle is None, "dependency cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("app", sorted(APPS))
def test_every_app_has_its_tests_folder(app):
    folder = TESTS / app
    assert (folder / "__init__.py").is_file(), f"tests/{app}/__init__.py is missing"
    assert list(folder.rglob("test_*.py")), f"tests/{app}/ has no test module"


def test_the_checker_sees_each_kind_of_reference():
    """References written the ways the rules care about are all found."""
    source = """
import ecosystem.news.models
from ecosystem.brands.models import Brand
from ecosystem import api
from ..announcements import publishing
from . import sibling

def lazy():
    from ecosystem.pages import views

class Migration:
    dependencies = [("news", "0001_initial"), ("auth", "0012")]

item = ForeignKey("news.NewsItem")
lowered = ForeignKey(to="brands.brand")
model = apps.get_model("announcements", "Announcement")
task = "ecosystem.news.tasks.fetch_source"
setting = "ecosystem.settings"
plain = "news"
"""
    path = PACKAGE / "core" / "example.py"  # never written: the source is passed in
    found = {(target, what) for _, target, what in references(path, source)}
    assert {target for target, _ in found} == {
        "news",
        "brands",
        "api",
        "announcements",
        "pages",
        "core",
        PROJECT,
    }
    assert ("news", "migration dependency 'news'") in found
    assert ("announcements", "get_model('announcements', ...)") in found
    assert ("brands", "string 'brands.brand'") in found
    assert ("announcements", "from ecosystem.announcements import ...") in found
