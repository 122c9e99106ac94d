import ast
import subprocess
import sys

from tests.collect.conftest import COLLECTOR, OLDEST_SUPPORTED, ROOT, oldest_python, system_python

STDLIB = set(sys.stdlib_module_names)


def test_the_collector_imports_only_the_standard_library() -> None:
    tree = ast.parse(COLLECTOR.read_text())
    imported = {
        (node.module or "").split(".")[0]
        if isinstance(node, ast.ImportFrom)
        else alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported - {"__future__"} <= STDLIB


def test_the_collector_parses_as_the_oldest_python_it_supports() -> None:
    ast.parse(COLLECTOR.read_text(), feature_version=OLDEST_SUPPORTED)


def test_the_collector_runs_on_the_oldest_python_of_this_machine() -> None:
    python, version = oldest_python()
    print(f"the collector on Python {version[0]}.{version[1]}: {python}")
    assert version < (3, 12)  # older than the desk's own Python, or this proves nothing
    for args in (["--version"], ["--help"]):
        done = subprocess.run(  # noqa: S603
            [python, str(COLLECTOR), *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
    assert "Собирает версии контейнеров" in done.stdout


def test_the_default_python3_runs_it_and_the_package_entry_point_works() -> None:
    done = subprocess.run(  # noqa: S603
        [system_python(), str(COLLECTOR), "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "Собирает версии контейнеров" in done.stdout
    module = subprocess.run(
        [sys.executable, "-m", "supportdesk_collect", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT / "src",
    )
    assert module.stdout.strip() == "supportdesk-collect 1.0.0"
