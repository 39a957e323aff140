"""The engine runs wherever Python runs, and on every Python the project says it supports."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import crepitus

PACKAGE = Path(crepitus.__file__).parent
ROOT = PACKAGE.parent.parent
# The engine and what it needs: these may import the standard library and each other only, so
# that the same engine can run in any Python, a browser's included.
CORE = ("crepitus.engine", "crepitus.knowledge", "crepitus.contract", "crepitus.errors")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _core_files() -> list[Path]:
    files = [PACKAGE / "errors.py"]
    for package in CORE[:-1]:
        files += sorted((PACKAGE / package.split(".")[1]).rglob("*.py"))
    return files


def _imports(path: Path) -> list[tuple[int, str]]:
    return _imports_of(path.read_text(encoding="utf-8"), _module_name(path), path.name)


def _imports_of(source: str, module: str, filename: str) -> list[tuple[int, str]]:
    """Every absolute module name the source imports, relative imports resolved."""
    here = module.split(".")
    if filename != "__init__.py":
        here = here[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                found.append((node.lineno, ".".join([*base, node.module or ""]).rstrip(".")))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _allowed(module: str) -> bool:
    if module.split(".", maxsplit=1)[0] in sys.stdlib_module_names:
        return True
    return any(module == core or module.startswith(core + ".") for core in CORE)


def test_the_engine_imports_only_the_standard_library_and_itself() -> None:
    files = _core_files()
    assert len(files) > 10, "the core packages were not found"
    outside = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in files
        for line, module in _imports(path)
        if not _allowed(module)
    ]
    assert outside == []


def test_the_import_check_catches_imports_from_outside() -> None:
    source = "import json\nfrom ..knowledge import model\nimport pydantic\nfrom ..web import app\n"
    names = [name for _, name in _imports_of(source, "crepitus.engine.assess", "assess.py")]
    assert names == ["json", "crepitus.knowledge", "pydantic", "crepitus.web"]
    assert [name for name in names if not _allowed(name)] == ["pydantic", "crepitus.web"]


def _pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _supported_versions() -> list[str]:
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    prefix = "Programming Language :: Python :: 3."
    return [
        c.removeprefix("Programming Language :: Python :: ")
        for c in project["classifiers"]
        if c.startswith(prefix)
    ]


def test_the_type_check_covers_the_oldest_and_the_newest_supported_python() -> None:
    versions = _supported_versions()
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    assert project["requires-python"] == f">={versions[0]}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    checked = re.search(r"^PYTHON_VERSIONS := (.+)$", makefile, re.MULTILINE)
    assert checked is not None
    assert checked.group(1).split() == [versions[0], versions[-1]]
    tool = _pyproject()["tool"]
    assert isinstance(tool, dict)
    assert tool["ruff"]["target-version"] == "py" + versions[0].replace(".", "")


def test_the_readme_names_the_supported_pythons() -> None:
    versions = _supported_versions()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Python {versions[0]} to {versions[-1]}" in readme
