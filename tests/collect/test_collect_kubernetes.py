import json
from collections.abc import Callable
from pathlib import Path

from supportdesk.diagnostics import read_bundle
from tests.collect.conftest import Run
from tests.collect.test_collect_docker import members


def test_pods_and_their_logs_including_the_previous_instance(
    run_collector: Callable[..., Run], tmp_path: Path
) -> None:
    run = run_collector(
        "--k8s",
        "--namespace",
        "desk",
        "--selector",
        "app=desk",
        "-o",
        "k.tar.gz",
        scenario="kubectl_desk",
    )
    assert run.code == 0, run.stderr
    files = members(tmp_path / "k.tar.gz")
    assert sorted(files) == [
        "k8s/pods.json",
        "k8s/version.json",
        "logs/desk__desk-web-7d9f8b6c5-x2x9k__web.log",
        "logs/desk__desk-web-7d9f8b6c5-x2x9k__web.previous.log",
        "logs/desk__desk-worker-5c8d7f9b4-qm4tz__worker.log",
        "manifest.json",
    ]
    everything = b"".join(files.values()).decode()
    for secret in ("Pg-S3cret-2026", "django-insecure-7f#x9!q2kz", "tok_live_51H8zXabc"):
        assert secret not in everything
    manifest = json.loads(files["manifest.json"])
    assert manifest["mode"] == "kubernetes"
    assert manifest["tools"]["kubectl"] == {"client": "v1.28.4", "server": "v1.28.3+k3s2"}
    web = manifest["containers"][0]
    assert web["name"] == "desk/desk-web-7d9f8b6c5-x2x9k/web"
    assert web["image_digests"] == [
        "registry.acme.example/desk/app@sha256:9e4f6c2a0b8d1e3f5a7c9b0d2e4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f"
    ]
    assert (web["state"], web["restart_count"]) == ("running", 1)
    assert set(manifest["redactions"]["by_kind"]["env"]["names"]) == {
        "DESK_SECRET_KEY",
        "DESK_API_TOKEN",
    }
    pods = json.loads(files["k8s/pods.json"])
    env = pods["items"][0]["spec"]["containers"][0]["env"]
    assert env[0] == {
        "name": "DATABASE_URL",
        "value": "postgres://desk:[REDACTED]@desk-db:5432/desk",
    }
    assert env[2]["valueFrom"]["secretKeyRef"]["name"] == "desk-mail"  # a reference, not a value
    analysis = read_bundle(tmp_path / "k.tar.gz")
    assert len(analysis.logs) == 3


def test_unauthorized_kubectl_is_a_clear_error(run_collector: Callable[..., Run]) -> None:
    run = run_collector("--k8s", scenario="kubectl_forbidden")
    assert run.code == 4
    assert "kubectl is not allowed" in run.stderr
    assert "нет прав" in run.stderr


def test_missing_kubectl_is_a_clear_error(run_collector: Callable[..., Run]) -> None:
    run = run_collector("--k8s", with_tools=False)
    assert run.code == 3
    assert "'kubectl' is not installed" in run.stderr


def test_an_unknown_pod_is_a_clear_error(run_collector: Callable[..., Run]) -> None:
    run = run_collector(
        "--k8s", "-n", "desk", "-l", "app=desk", "desk-web-nope", scenario="kubectl_desk"
    )
    assert run.code == 6
    assert "pod(s) not found: desk-web-nope" in run.stderr
    assert "поды не найдены" in run.stderr
