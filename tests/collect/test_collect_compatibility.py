import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.collect.conftest import COLLECTOR, ROOT, system_python

PYTHON_38 = Path("/root/.pyenv/versions/3.8.18/bin/python")
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


def test_the_collector_parses_as_python_3_8() -> None:
    ast.parse(COLLECTOR.read_text(), feature_version=(3, 8))


@pytest.mark.skipif(not PYTHON_38.exists(), reason="no Python 3.8 on this machine")
def test_the_collector_runs_on_python_3_8() -> None:
    done = subprocess.run(  # noqa: S603
        [str(PYTHON_38), str(COLLECTOR), "--version"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "supportdesk-collect 1.0.0")


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
