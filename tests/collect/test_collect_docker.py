import json
import tarfile
from collections.abc import Callable
from pathlib import Path

from supportdesk.diagnostics import ContentKind, read_bundle, sniff_content
from tests.collect.conftest import Run

SECRETS = (
    "Pg-S3cret-2026",
    "django-insecure-7f#x9!q2kz",
    "mail-pass-42",
    "tok_live_51H8zXabc",
    "q1Zx0P2m3N4b5V6c",
)


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        return {
            member.name.split("/", 1)[1]: archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile()
        }


def test_a_compose_deployment_becomes_one_bundle_without_secrets(
    run_collector: Callable[..., Run], tmp_path: Path
) -> None:
    run = run_collector("--output", "diag.tar.gz", scenario="docker_compose_app")
    assert run.code == 0, run.stderr
    assert run.stdout.strip() == "bundle: diag.tar.gz"
    bundle = tmp_path / "diag.tar.gz"
    files = members(bundle)
    assert next(iter(files)) == "manifest.json"
    assert sorted(files) == [
        "compose/acme.yaml",
        "docker/images.json",
        "docker/inspect.json",
        "docker/ps.txt",
        "docker/version.json",
        "logs/acme-app-1.log",
        "logs/acme-db-1.log",
        "manifest.json",
    ]
    everything = b"".join(files.values()).decode()
    for secret in SECRETS:
        assert secret not in everything, secret

    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "supportdesk-collect/1"
    assert manifest["tools"]["docker"] == {"client": "24.0.7", "server": "24.0.7"}
    app = manifest["containers"][0]
    assert app["name"] == "acme-app-1"
    assert app["image"] == "registry.acme.example/desk/app:2.14.1"
    assert app["image_version_label"] == "2.14.1"
    assert app["image_digests"][0].startswith("registry.acme.example/desk/app@sha256:")
    assert (app["compose_project"], app["compose_service"], app["restart_count"]) == (
        "acme",
        "app",
        1,
    )
    assert [c["exit_code"] for c in manifest["commands"]] == [0] * 7
    env = manifest["redactions"]["by_kind"]["env"]
    assert {"DESK_SECRET_KEY", "DESK_SMTP_PASSWORD", "DESK_API_TOKEN", "POSTGRES_PASSWORD"} <= set(
        env["names"]
    )
    assert (
        manifest["redactions"]["by_kind"]["url_credentials"]["count"] >= 2
    )  # DATABASE_URL in env and compose
    assert "Pg-S3cret-2026" not in json.dumps(manifest)


def test_logs_merge_stdout_and_stderr_by_time_and_keep_names_of_redacted_values(
    run_collector: Callable[..., Run], tmp_path: Path
) -> None:
    assert run_collector("-o", "d.tar.gz", scenario="docker_compose_app").code == 0
    log = members(tmp_path / "d.tar.gz")["logs/acme-app-1.log"].decode()
    lines = log.splitlines()
    assert len(lines) == 11
    stamps = [line.split(" ", 1)[0] for line in lines]
    assert stamps == sorted(stamps)
    assert "password=[REDACTED]" in log
    assert "Authorization: Bearer [REDACTED]" in log
    assert lines[-1].endswith("... 48 common frames omitted")
    inspect = json.loads(members(tmp_path / "d.tar.gz")["docker/inspect.json"])
    env = inspect[0]["Config"]["Env"]
    assert "DESK_SECRET_KEY=[REDACTED]" in env
    assert "DATABASE_URL=postgres://desk:[REDACTED]@db:5432/desk" in env
    assert "TZ=Europe/Moscow" in env
    compose = members(tmp_path / "d.tar.gz")["compose/acme.yaml"].decode()
    assert "POSTGRES_PASSWORD: [REDACTED]" in compose
    assert "POSTGRES_USER: desk" in compose


def test_the_desk_reads_what_the_collector_writes(
    run_collector: Callable[..., Run], tmp_path: Path
) -> None:
    assert run_collector("-o", "d.tar.gz", scenario="docker_compose_app").code == 0
    bundle = tmp_path / "d.tar.gz"
    assert sniff_content(bundle.read_bytes()[:65536], "upload.bin") == ContentKind.COLLECTOR_BUNDLE
    analysis = read_bundle(bundle)
    assert [c.image_version for c in analysis.manifest.containers] == ["2.14.1", "postgres:15.4"]
    logs = dict(analysis.logs)
    app = logs["logs/acme-app-1.log"]
    assert app.app_version == "DeskApplication 2.14.1"
    assert [g.exception for g in app.error_groups] == ["java.lang.IllegalStateException"]
    db = logs["logs/acme-db-1.log"]
    assert db.app_version == "PostgreSQL 15.4"
    assert db.error_groups[0].title == 'could not obtain lock on row in relation "diagram"'


def test_chosen_containers_only(run_collector: Callable[..., Run], tmp_path: Path) -> None:
    run = run_collector("acme-app-1", "-o", "d.tar.gz", "--quiet", scenario="docker_compose_app")
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    manifest = json.loads(members(tmp_path / "d.tar.gz")["manifest.json"])
    assert [c["name"] for c in manifest["containers"]] == ["acme-app-1"]
    assert ["logs", "--timestamps", "--since", "24h", "3f2a9c1b7d4e"] in [
        c["args"] for c in run.calls
    ]


def test_compose_config_runs_in_the_project_directory_when_it_exists(
    run_collector: Callable[..., Run],
) -> None:
    run = run_collector("-o", "d.tar.gz", scenario="docker_compose_app")
    compose = next(call for call in run.calls if call["args"][0] == "compose")
    assert compose["args"] == [
        "compose",
        "--project-name",
        "acme",
        "--file",
        "/opt/acme/docker-compose.yml",
        "config",
    ]


def test_unknown_container_is_a_clear_error(
    run_collector: Callable[..., Run], tmp_path: Path
) -> None:
    run = run_collector("nosuch", scenario="docker_compose_app")
    assert run.code == 6
    assert "container 'nosuch' not found (containers here: acme-app-1, acme-db-1)" in run.stderr
    assert "контейнер «nosuch» не найден" in run.stderr
    assert not list(tmp_path.glob("*.tar.gz"))


def test_missing_docker_is_a_clear_error(run_collector: Callable[..., Run]) -> None:
    run = run_collector(with_tools=False)
    assert run.code == 3
    assert "'docker' is not installed or not on PATH" in run.stderr
    assert "не установлена" in run.stderr


def test_permission_denied_on_the_socket_is_a_clear_error(
    run_collector: Callable[..., Run],
) -> None:
    run = run_collector(scenario="docker_permission_denied")
    assert run.code == 4
    assert "permission denied on the Docker socket" in run.stderr
    assert "нет доступа к сокету Docker" in run.stderr


def test_a_stopped_daemon_is_a_clear_error(run_collector: Callable[..., Run]) -> None:
    run = run_collector(scenario="docker_daemon_down")
    assert run.code == 5
    assert "cannot reach the Docker daemon" in run.stderr
    assert "нет связи с демоном Docker" in run.stderr


def test_extra_redact_patterns_apply_to_logs(
    run_collector: Callable[..., Run], tmp_path: Path
) -> None:
    run = run_collector(
        "-o", "d.tar.gz", "--redact-pattern", r"8f3a2c", scenario="docker_compose_app"
    )
    assert run.code == 0
    log = members(tmp_path / "d.tar.gz")["logs/acme-app-1.log"]
    assert b"8f3a2c" not in log
    assert (
        json.loads(members(tmp_path / "d.tar.gz")["manifest.json"])["redactions"]["by_kind"][
            "pattern"
        ]["count"]
        >= 2
    )


def test_usage_errors_exit_2(run_collector: Callable[..., Run]) -> None:
    assert run_collector("--upload", "http://x").code == 2
    assert run_collector("--namespace", "x").code == 2
    assert run_collector("--redact-pattern", "(").code == 2
