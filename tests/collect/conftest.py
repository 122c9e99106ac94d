"""Running the collector as a real subprocess, with stand-in docker/kubectl first on PATH."""

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
COLLECTOR = ROOT / "src" / "supportdesk_collect" / "supportdesk_collect.py"
FIXTURES = Path(__file__).parent / "fixtures"


@functools.cache
def system_python() -> str:
    """The machine's default python3 (not the venv's; 3.11 here): proves the collector needs only
    the standard library of an older Python. Resolved past shims (pyenv's is a bash script)."""
    venv_bin = str(Path(sys.executable).parent)
    search = os.pathsep.join(
        p for p in os.environ.get("PATH", "").split(os.pathsep) if p != venv_bin
    )
    for candidate in (shutil.which("python3", path=search), "/usr/bin/python3"):
        if candidate and Path(candidate).exists():
            done = subprocess.run(  # noqa: S603
                [candidate, "-c", "import sys; print(sys.executable)"],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode == 0 and done.stdout.strip():
                return done.stdout.strip()
    return sys.executable


# The oldest Python the collector promises to run on (what long-lived on-prem hosts still have).
OLDEST_SUPPORTED = (3, 8)


@functools.cache
def oldest_python() -> tuple[str, tuple[int, int]]:
    """The oldest interpreter at or above OLDEST_SUPPORTED this machine has: versioned names on
    PATH, then pyenv's installs (PYENV_ROOT or ~/.pyenv), then the default python3."""
    names = [f"python3.{minor}" for minor in range(OLDEST_SUPPORTED[1], 15)]
    candidates = [found for name in names if (found := shutil.which(name))]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += [str(p) for p in sorted(pyenv.glob("3.*/bin/python3"))]
    candidates.append(system_python())
    versions: dict[tuple[int, int], str] = {}
    for candidate in candidates:
        done = subprocess.run(  # noqa: S603
            [candidate, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            major, minor = map(int, done.stdout.split())
            if (major, minor) >= OLDEST_SUPPORTED:
                versions.setdefault((major, minor), candidate)
    oldest = min(versions)
    return versions[oldest], oldest


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    calls: list[dict[str, Any]]


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    directory = tmp_path / "bin"
    directory.mkdir()
    for tool in ("docker", "kubectl"):
        target = directory / tool
        shutil.copy(FIXTURES / "fake_cli.py", target)
        target.chmod(target.stat().st_mode | stat.S_IEXEC)
    return directory


@pytest.fixture
def run_collector(tmp_path: Path, fake_bin: Path) -> Callable[..., Run]:
    def run(*args: str, scenario: str | None = None, with_tools: bool = True, **env: str) -> Run:
        calls = tmp_path / "calls.jsonl"
        calls.unlink(missing_ok=True)
        # Only the stand-ins and a python3 for their shebang: whatever real docker/kubectl the
        # machine has must not be reached.
        python_dir = tmp_path / "python"
        python_dir.mkdir(exist_ok=True)
        if not (python_dir / "python3").exists():
            (python_dir / "python3").symlink_to(system_python())
        environment = {
            "PATH": f"{fake_bin}:{python_dir}" if with_tools else str(python_dir),
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "FAKE_CLI_CALLS": str(calls),
            **({"FAKE_CLI_SCENARIO": str(FIXTURES / scenario)} if scenario else {}),
            **env,
        }
        done = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [system_python(), str(COLLECTOR), *args],
            capture_output=True,
            text=True,
            env=environment,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        recorded = (
            [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []
        )
        return Run(done.returncode, done.stdout, done.stderr, recorded)

    return run
