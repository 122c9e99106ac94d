import os
import subprocess
import sys
from pathlib import Path


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "supportdesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env["SUPPORTDESK_VAR_DIR"] = str(tmp_path)
    return env


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = _clean_env(tmp_path) | {
        "DJANGO_SETTINGS_MODULE": "supportdesk.config.settings.production",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-from-env-0123456789abcdef",
        "ALLOWED_HOSTS": "desk.example.com",
        "DATABASE_URL": "postgres://desk:pw@db.example.com:5432/desk",
        "SUPPORTDESK_SECRETS_KEYS": "CmYrKwSN3Sv4Cn_JSJ2Xo7_WvTUEbVVrwTYbUkz1b-8=",
    }
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _clean_env(tmp_path) | {
        "DJANGO_SETTINGS_MODULE": "supportdesk.config.settings.production"
    }
    result = _run(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_settings_refuse_to_start_without_the_secrets_keys(tmp_path):
    env = _clean_env(tmp_path) | {
        "DJANGO_SETTINGS_MODULE": "supportdesk.config.settings.production",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-from-env-0123456789abcdef",
    }
    result = _run(["check"], env)
    assert result.returncode != 0
    assert "SUPPORTDESK_SECRETS_KEYS is required" in result.stderr


def test_embedded_default_generates_its_secret_key_once(tmp_path):
    env = _clean_env(tmp_path)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    assert _run(["check"], env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert _run(["check"], env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_postgresql_prepares_statements_unless_a_pooler_forbids_it(monkeypatch):
    from supportdesk.config.settings.base import server_database

    url = "postgres://desk:pw@db.example.com:5432/desk"
    assert server_database(url)["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    with_tls = server_database(url + "?sslmode=verify-full&sslrootcert=/etc/ca.pem")
    assert with_tls["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5,
                                   "sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}  # fmt: skip
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")
    assert not server_database(url).get("OPTIONS")
    assert server_database(url + "?sslmode=require")["OPTIONS"] == {"sslmode": "require"}
