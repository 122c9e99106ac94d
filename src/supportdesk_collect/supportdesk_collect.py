#!/usr/bin/env python3
# ruff: noqa: UP017, S603, S310
"""supportdesk-collect: gather fault diagnostics next to Docker or Kubernetes for a SupportDesk ticket.

One self-contained file, standard library only, runs on any Python >= 3.8::

    python3 supportdesk_collect.py                       # all containers, last 24 h of logs
    python3 supportdesk_collect.py app-1 db-1 --since 2h
    python3 supportdesk_collect.py --k8s --namespace desk --selector app=desk
    python3 supportdesk_collect.py --upload https://desk.example.com/api/diagnostics/bundles \\
        --ticket SD-1042 --token "$SUPPORTDESK_TOKEN"

What it gathers (Docker): ``docker version``, ``docker ps -a``, ``docker inspect`` of the chosen
containers (default: all) and of their images (tags, digests, OCI version label),
``docker logs --timestamps --since SINCE`` of each (stdout and stderr merged by time), and
``docker compose config`` for each compose project found (label ``com.docker.compose.project``).
Kubernetes (``--k8s``): ``kubectl version``, ``kubectl get pods -o json`` and
``kubectl logs --timestamps`` of every container (and of the previous instance after restarts).

Secrets are removed before anything is written: values of environment variables whose names
suggest a secret (PASSWORD, SECRET, TOKEN, KEY, ...), credentials in URLs
(``postgres://user:pass@host``), ``Authorization``/``Bearer`` credentials, JWTs,
``password=...``-style assignments and any ``--redact-pattern``. The manifest counts what was
removed and names the variables/keys, never the values.

Bundle (format ``supportdesk-collect/1``): one ``.tar.gz`` holding a directory whose first
member is ``manifest.json`` (what was run, exit codes, versions, times, containers and their
images, what was redacted), then ``docker/`` or ``k8s/`` outputs, ``compose/*.yaml`` and
``logs/*.log``.

Upload contract (the desk's endpoint)::

    POST <URL>                      Content-Type: multipart/form-data
    Authorization: Bearer <TOKEN>   (a per-ticket upload token issued by the desk)
    field "ticket"                  the ticket number, e.g. SD-1042
    file  "bundle"                  the .tar.gz (Content-Type: application/gzip)

    2xx -> JSON body, e.g. {"ok": true, "ticket": "SD-1042", "attachment_id": 77}
    4xx/5xx -> JSON {"error": "..."} or {"detail": "..."} (shown to the user), or plain text.

Exit codes: 0 done, 1 unexpected failure, 2 usage, 3 docker/kubectl not installed, 4 permission
denied, 5 daemon/cluster unreachable, 6 container or pod not found, 7 upload failed or refused.
Error messages are given in English and Russian.
"""

from __future__ import annotations

import argparse
import heapq
import io
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, unquote_plus

VERSION = "1.0.0"
BUNDLE_FORMAT = "supportdesk-collect/1"
REDACTED = "[REDACTED]"

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_NO_TOOL = 3
EXIT_PERMISSION = 4
EXIT_UNREACHABLE = 5
EXIT_NOT_FOUND = 6
EXIT_UPLOAD = 7

COMMAND_TIMEOUT = 600


class CollectorError(Exception):
    """A failure the user can act on: message in English and Russian, and an exit code."""

    def __init__(self, english: str, russian: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(english)
        self.english = english
        self.russian = russian
        self.exit_code = exit_code

    def __str__(self) -> str:
        return f"error: {self.english}\nошибка: {self.russian}"


# --- secrets ---------------------------------------------------------------------------------

SECRET_NAME_RE = re.compile(
    r"PASSW|PASSPHRASE|PWD|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE|SALT|SIGNATURE|COOKIE|SESSION|DSN",
    re.IGNORECASE,
)
_URL_CREDENTIALS = re.compile(
    rb"(\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^:@/\s\"'<>]*:)([^@/\s\"'<>]+)(?=@)"
)
_AUTHORIZATION = re.compile(
    rb"(?i)(\b(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?(?:[a-z][a-z0-9_-]*\s+)?)"
    rb"(?!\[REDACTED\])([^\s\"',;]+)"
)
_BEARER = re.compile(
    rb"(\b(?:[Bb]earer|BEARER|[Bb]asic|BASIC)\s+)(?!\[REDACTED\])([A-Za-z0-9._~+/-]{8,}=*)"
)
_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")
# key=value / "key": "value" where the key names a secret: the diagnostics core's rule
# (supportdesk.diagnostics._redaction, which this stand-alone file cannot import), candidates by
# word, then the name decides; tests/collect/test_collect_secret_names.py keeps the two equal.
_CANDIDATE_WORDS = (
    rb"pass|pwd|secret|token|key|credential|csrf|xsrf|signature|sess|sid|auth|otp|cookie"
)
_ASSIGNMENT = re.compile(
    rb"(?i)([\"']?([A-Za-z0-9_.-]*(?:" + _CANDIDATE_WORDS + rb")[A-Za-z0-9_.-]*)[\"']?\s*[=:]\s*)"
    rb"(?![\"']?(?:[A-Za-z-]+\s+)?\[REDACTED\])"
    rb"(\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|[^\s\"',;&}\])]+)"
)
_SENSITIVE_NAME = re.compile(
    r"password|passwd|passphrase|secret|token|apikey|credential|csrf|xsrf|signature|"
    r"privatekey|accesskey|sessionid|session_id|sessid|sesskey|authorization"
    r"|(?:^|_)(?:pwd|pass|sig|sid|auth|otp)(?:$|_)|(?:^|_)(?:session|cookie)$|^key$"
    r"|(?:^|_)(?:api|access|secret|private|auth|signing|license|licence|master|encryption|client"
    r"|subscription|session)_?key$"
)
_NOT_SECRET_NAMES = frozenset(
    {"www_authenticate", "proxy_authenticate", "authentication_info", "token_type", "key_id", "kid"}
)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def is_sensitive_name(name: str) -> bool:
    """Whether a variable, parameter or field name suggests a secret value."""
    normalised = _NON_WORD.sub("_", name.strip().lower()).strip("_")
    if (
        not normalised
        or normalised in _NOT_SECRET_NAMES
        or normalised.startswith("access_control_")
    ):
        return False
    return _SENSITIVE_NAME.search(normalised) is not None


# A value removed once is searched for everywhere else in the bundle (the desk's rule too):
# values shorter than this are not ("true", "1"), and the set is bounded.
MIN_SECRET_LENGTH = 6
MAX_SECRET_LENGTH = 2048
MAX_SECRETS = 1000


class Redactor:
    """Removes secrets from bytes and environment lists; tallies kinds and names, not values.

    The values it removes are remembered; :meth:`replace_repeated` then replaces each one
    wherever else it occurs in a file (a token logged bare after ``token=…`` named it).
    """

    def __init__(self, extra_patterns: Iterable[str] = ()) -> None:
        self.counts: dict[str, int] = {}
        self.names: dict[str, list[str]] = {}
        self.extra = [re.compile(pattern.encode("utf-8")) for pattern in extra_patterns]
        self.secrets: dict[bytes, tuple[str, str]] = {}
        self.secrets_capped = False

    def remember(self, kind: str, name: str, value: bytes) -> None:
        value = value.strip().strip(b"\"'")
        if len(value) < MIN_SECRET_LENGTH or REDACTED.encode() in value or value in self.secrets:
            return
        text = value.decode("utf-8", "surrogateescape")
        for variant in (text, unquote_plus(text), quote(text, safe="")):
            encoded = variant.encode("utf-8", "surrogateescape")
            if len(encoded) < MIN_SECRET_LENGTH or encoded in self.secrets:
                continue
            if len(encoded) > MAX_SECRET_LENGTH or len(self.secrets) >= MAX_SECRETS:
                self.secrets_capped = True
                return
            self.secrets[encoded] = (kind, name[:100])

    def replace_repeated(self, path: Path) -> None:
        """Rewrite ``path`` with every remembered value replaced, line by line.

        Longest values first, each searched with ``bytes.find`` (C speed): the cost is the file
        size times the number of values, which :data:`MAX_SECRETS` bounds. No value spans lines:
        the patterns that find them stop at a newline.
        """
        if not self.secrets:
            return
        needles = sorted(self.secrets.items(), key=lambda item: -len(item[0]))
        temporary = path.with_name(path.name + ".part")
        with path.open("rb") as source, temporary.open("wb") as destination:
            for line in source:
                for needle, (kind, name) in needles:
                    if needle in line:
                        count = line.count(needle)
                        line = line.replace(needle, REDACTED.encode())
                        for _ in range(count):
                            self.add("repeated_" + kind, name)
                destination.write(line)
        temporary.replace(path)

    def add(self, kind: str, name: str | None = None) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        names = self.names.setdefault(kind, [])
        if name and name not in names and len(names) < 200:
            names.append(name)

    def redact_bytes(self, data: bytes) -> bytes:
        if b"://" in data:
            data = _URL_CREDENTIALS.sub(
                self._sub("url_credentials", 1, lambda m: m.group(1).split(b":")[0].lower()), data
            )
        lowered = data.lower()
        if b"authorization" in lowered:
            data = _AUTHORIZATION.sub(
                self._sub("authorization", 1, lambda m: b"authorization"), data
            )
        if b"earer" in data or b"asic" in data or b"EARER" in data or b"ASIC" in data:
            data = _BEARER.sub(self._sub("bearer", 1, lambda m: m.group(1).strip().lower()), data)
        if b"eyJ" in data:
            data = _JWT.sub(self._sub("jwt", 0, None), data)
        if b"=" in data or b":" in data:
            data = _ASSIGNMENT.sub(self._assignment, data)
        for pattern in self.extra:
            data = pattern.sub(self._sub("pattern", 0, None), data)
        return data

    def redact_text(self, value: str) -> str:
        return self.redact_bytes(value.encode("utf-8", "surrogateescape")).decode(
            "utf-8", "surrogateescape"
        )

    def _sub(
        self, kind: str, keep: int, name: Callable[[Any], bytes] | None
    ) -> Callable[[re.Match[bytes]], bytes]:
        def replace(match: re.Match[bytes]) -> bytes:
            label = name(match).decode("utf-8", "replace") if name else None
            self.add(kind, label)
            if keep and label:
                self.remember(kind, label, match.group(2))
            prefix = match.group(1) if keep else b""
            return prefix + REDACTED.encode()

        return replace

    def _assignment(self, match: re.Match[bytes]) -> bytes:
        name = match.group(2).decode("utf-8", "replace")
        if not is_sensitive_name(name):
            return match.group(0)
        self.add("assignment", name)
        secret = match.group(3)
        self.remember("assignment", name, secret)
        quote = secret[:1] if secret[:1] in (b'"', b"'") else b""
        return match.group(1) + quote + REDACTED.encode() + quote

    def environment(self, variables: Any) -> Any:
        """``["NAME=value", ...]`` (Docker) with secret values replaced."""
        if not isinstance(variables, list):
            return variables
        cleaned = []
        for item in variables:
            if not isinstance(item, str) or "=" not in item:
                cleaned.append(item)
                continue
            name, value = item.split("=", 1)
            if value and SECRET_NAME_RE.search(name):
                self.add("env", name)
                cleaned.append(name + "=" + REDACTED)
            else:
                cleaned.append(name + "=" + self.redact_text(value))
        return cleaned

    def k8s_environment(self, variables: Any) -> None:
        """``[{"name": ..., "value": ...}]`` (Kubernetes pod spec), in place."""
        for item in variables if isinstance(variables, list) else []:
            if isinstance(item, dict) and isinstance(item.get("value"), str) and item["value"]:
                if SECRET_NAME_RE.search(str(item.get("name", ""))):
                    self.add("env", str(item.get("name")))
                    item["value"] = REDACTED
                else:
                    item["value"] = self.redact_text(item["value"])

    def yaml(self, data: bytes) -> bytes:
        """``KEY: value`` / ``- KEY=value`` lines (docker compose config) plus the value patterns."""
        lines = []
        for line in data.splitlines(True):
            match = re.match(
                rb"(\s*(?:-\s+)?[\"']?([A-Za-z0-9_.-]+)[\"']?\s*[:=]\s*)(\S.*?)(\r?\n?)$", line
            )
            if (
                match
                and SECRET_NAME_RE.search(match.group(2).decode("ascii", "replace"))
                and not match.group(3).rstrip().endswith((b"{", b"[", b"|", b">"))
            ):
                self.add("env", match.group(2).decode("ascii", "replace"))
                lines.append(match.group(1) + REDACTED.encode() + match.group(4))
                continue
            lines.append(self.redact_bytes(line))
        return b"".join(lines)

    def report(self) -> dict[str, Any]:
        return {
            "total": sum(self.counts.values()),
            "repeated": sum(
                count for kind, count in self.counts.items() if kind.startswith("repeated_")
            ),
            "capped": self.secrets_capped,
            "by_kind": {
                kind: {"count": count, "names": sorted(self.names.get(kind, []))}
                for kind, count in sorted(self.counts.items())
            },
        }


# --- running commands ------------------------------------------------------------------------


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Runner:
    """Runs commands, records each one for the manifest (argv, exit code, time, where output went)."""

    def __init__(self, redactor: Redactor, verbose: bool = True) -> None:
        self.redactor = redactor
        self.verbose = verbose
        self.commands: list[dict[str, Any]] = []

    def run(
        self,
        argv: list[str],
        output: str | None = None,
        stdout_file: IO[bytes] | None = None,
        stderr_file: IO[bytes] | None = None,
        cwd: str | None = None,
    ) -> tuple[int, bytes, bytes]:
        if self.verbose:
            print("  $ " + " ".join(argv), file=sys.stderr)
        started = time.time()
        record: dict[str, Any] = {"argv": argv, "started_at": now_iso(), "output": output}
        self.commands.append(record)
        try:
            done = subprocess.run(
                argv,
                stdout=stdout_file if stdout_file is not None else subprocess.PIPE,
                stderr=stderr_file if stderr_file is not None else subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                cwd=cwd,
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
        except FileNotFoundError:
            record.update(exit_code=None, error="not installed", duration_ms=0)
            raise CollectorError(
                f"'{argv[0]}' is not installed or not on PATH",
                f"команда «{argv[0]}» не установлена или не найдена в PATH",
                EXIT_NO_TOOL,
            ) from None
        except subprocess.TimeoutExpired:
            record.update(
                exit_code=None, error="timed out", duration_ms=int((time.time() - started) * 1000)
            )
            return 124, b"", b"timed out"
        stdout = done.stdout if stdout_file is None else b""
        stderr = done.stderr if stderr_file is None else b""
        record["exit_code"] = done.returncode
        record["duration_ms"] = int((time.time() - started) * 1000)
        if done.returncode != 0:
            record["error"] = self.redactor.redact_text(
                stderr.decode("utf-8", "replace").strip()[:500]
            )
        return done.returncode, stdout or b"", stderr or b""


def classify_failure(tool: str, stderr: bytes) -> CollectorError:
    """Turn a docker/kubectl error message into an actionable, bilingual error."""
    text = stderr.decode("utf-8", "replace").strip()
    lowered = text.lower()
    detail = text.splitlines()[-1] if text else "exit status not zero"
    if "permission denied" in lowered or "forbidden" in lowered or "unauthorized" in lowered:
        if tool == "docker":
            return CollectorError(
                "permission denied on the Docker socket: run as root (sudo) or as a member of the "
                f"'docker' group ({detail})",
                "нет доступа к сокету Docker: запустите от root (sudo) или от пользователя из группы "
                f"docker ({detail})",
                EXIT_PERMISSION,
            )
        return CollectorError(
            f"kubectl is not allowed to read pods or logs here ({detail})",
            f"у kubectl нет прав читать поды или логи ({detail})",
            EXIT_PERMISSION,
        )
    unreachable = (
        "cannot connect",
        "is the docker daemon running",
        "unable to connect",
        "connection to the server",
        "connection refused",
        "no such host",
        "i/o timeout",
    )
    if any(phrase in lowered for phrase in unreachable):
        return CollectorError(
            "cannot reach the {} ({})".format(
                "Docker daemon" if tool == "docker" else "cluster", detail
            ),
            "нет связи с {} ({})".format(
                "демоном Docker" if tool == "docker" else "кластером", detail
            ),
            EXIT_UNREACHABLE,
        )
    if (
        "no such container" in lowered
        or "no such object" in lowered
        or "notfound" in lowered.replace(" ", "")
    ):
        return CollectorError(
            f"not found: {detail}",
            f"не найдено: {detail}",
            EXIT_NOT_FOUND,
        )
    return CollectorError(
        f"{tool} failed: {detail}",
        f"ошибка {tool}: {detail}",
        EXIT_FAILURE,
    )


# --- logs ------------------------------------------------------------------------------------

_TIMESTAMP = re.compile(
    rb"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})? "
)


def _keyed_lines(stream: IO[bytes]) -> Iterator[tuple[bytes, int, bytes]]:
    """(sortable timestamp, sequence, line); lines without a timestamp keep the previous key."""
    key = b""
    for number, line in enumerate(stream):
        match = _TIMESTAMP.match(line)
        if match:
            key = match.group(1) + b"." + (match.group(2) or b"").ljust(9, b"0")
        yield key, number, line


def write_merged_log(sources: list[IO[bytes]], destination: IO[bytes], redactor: Redactor) -> int:
    """Merge ``--timestamps`` outputs (stdout, stderr) by time, redacting each line."""
    count = 0
    for _, _, line in heapq.merge(*[_keyed_lines(source) for source in sources]):
        if not line.endswith(b"\n"):
            line += b"\n"
        destination.write(redactor.redact_bytes(line))
        count += 1
    return count


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name.strip("/")) or "unnamed"


# --- Docker ----------------------------------------------------------------------------------


class Bundle:
    """The staging directory of a bundle and the manifest being filled."""

    def __init__(self, root: str, options: dict[str, Any], mode: str) -> None:
        self.root = root
        self.manifest: dict[str, Any] = {
            "format": BUNDLE_FORMAT,
            "collector_version": VERSION,
            "created_at": now_iso(),
            "finished_at": None,
            "mode": mode,
            "host": {
                "hostname": socket.gethostname(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "options": options,
            "tools": {},
            "containers": [],
            "commands": [],
            "redactions": {},
            "errors": [],
        }

    def path(self, relative: str) -> Path:
        full = Path(self.root, relative)
        full.parent.mkdir(parents=True, exist_ok=True)
        return full

    def write(self, relative: str, data: bytes) -> str:
        self.path(relative).write_bytes(data)
        return relative

    def write_json(self, relative: str, value: Any) -> str:
        return self.write(
            relative, json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
        )


def _json_or_error(tool: str, data: bytes, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8", "replace"))
    except ValueError:
        raise CollectorError(
            f"{tool} returned unreadable output for {what}",
            f"{tool} вернул нечитаемый ответ на {what}",
        ) from None


def collect_docker(
    bundle: Bundle, runner: Runner, redactor: Redactor, args: argparse.Namespace
) -> None:
    code, out, err = runner.run(["docker", "version", "--format", "{{json .}}"])
    if code != 0:
        raise classify_failure("docker", err)
    version = _json_or_error("docker", out, "docker version")
    bundle.manifest["tools"]["docker"] = {
        "client": ((version or {}).get("Client") or {}).get("Version"),
        "server": ((version or {}).get("Server") or {}).get("Version"),
    }
    bundle.write_json("docker/version.json", version)

    code, out, err = runner.run(
        ["docker", "ps", "-a", "--format", "{{.ID}} {{.Image}} {{.Names}}"], "docker/ps.txt"
    )
    if code != 0:
        raise classify_failure("docker", err)
    bundle.write("docker/ps.txt", out)
    listed: list[tuple[str, str, str]] = []
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3:
            listed.append((parts[0], parts[1], parts[2]))
    chosen = _choose_containers(listed, args.containers)
    if not chosen:
        bundle.manifest["errors"].append("no containers found")
        return

    code, out, err = runner.run(
        ["docker", "inspect"] + [cid for cid, _, _ in chosen], "docker/inspect.json"
    )
    if code != 0:
        raise classify_failure("docker", err)
    inspected = _json_or_error("docker", out, "docker inspect")
    for container in inspected:
        config = container.get("Config") or {}
        config["Env"] = redactor.environment(config.get("Env"))
    bundle.write_json("docker/inspect.json", _redact_strings(inspected, redactor))

    image_ids: list[str] = []
    for container in inspected:
        if container.get("Image") and container["Image"] not in image_ids:
            image_ids.append(container["Image"])
    images: dict[str, Any] = {}
    if image_ids:
        code, out, err = runner.run(
            ["docker", "image", "inspect", *image_ids], "docker/images.json"
        )
        if code == 0:
            image_list = _json_or_error("docker", out, "docker image inspect")
            for image in image_list:
                config = image.get("Config") or {}
                config["Env"] = redactor.environment(config.get("Env"))
                images[image.get("Id")] = image
            bundle.write_json("docker/images.json", _redact_strings(image_list, redactor))

    projects: dict[str, dict[str, str]] = {}
    for container in inspected:
        bundle.manifest["containers"].append(
            _docker_container(container, images.get(container.get("Image")) or {})
        )
        labels = (container.get("Config") or {}).get("Labels") or {}
        project = labels.get("com.docker.compose.project")
        if project:
            projects.setdefault(project, labels)

    if not args.no_logs:
        for entry in bundle.manifest["containers"]:
            _docker_logs(bundle, runner, redactor, entry, args.since)
    for project, labels in sorted(projects.items()):
        _compose_config(bundle, runner, redactor, project, labels)


def _choose_containers(
    listed: list[tuple[str, str, str]], wanted: list[str]
) -> list[tuple[str, str, str]]:
    if not wanted:
        return listed
    chosen = []
    for name in wanted:
        match = [
            row
            for row in listed
            if name in row[2].split(",") or (len(name) >= 4 and row[0].startswith(name))
        ]
        if not match:
            known = ", ".join(row[2] for row in listed) or "none"
            raise CollectorError(
                f"container '{name}' not found (containers here: {known})",
                f"контейнер «{name}» не найден (есть: {known})",
                EXIT_NOT_FOUND,
            )
        for row in match:
            if row not in chosen:
                chosen.append(row)
    return chosen


def _docker_container(container: dict[str, Any], image: dict[str, Any]) -> dict[str, Any]:
    config = container.get("Config") or {}
    labels = config.get("Labels") or {}
    state = container.get("State") or {}
    image_labels = ((image.get("Config") or {}).get("Labels")) or {}
    name = str(container.get("Name") or container.get("Id", "")[:12]).lstrip("/")
    return {
        "id": str(container.get("Id", ""))[:12],
        "name": name,
        "image": config.get("Image"),
        "image_id": container.get("Image"),
        "image_tags": image.get("RepoTags") or [],
        "image_digests": image.get("RepoDigests") or [],
        "image_version_label": image_labels.get("org.opencontainers.image.version")
        or labels.get("org.opencontainers.image.version"),
        "state": state.get("Status"),
        "started_at": state.get("StartedAt"),
        "restart_count": container.get("RestartCount"),
        "compose_project": labels.get("com.docker.compose.project"),
        "compose_service": labels.get("com.docker.compose.service"),
        "log_file": None,
        "log_lines": 0,
    }


def _docker_logs(
    bundle: Bundle, runner: Runner, redactor: Redactor, entry: dict[str, Any], since: str
) -> None:
    relative = "logs/{}.log".format(safe_name(entry["name"]))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        code, _, _ = runner.run(
            ["docker", "logs", "--timestamps", "--since", since, entry["id"]], relative, out, err
        )
        if code != 0:
            err.seek(0)
            message = redactor.redact_text(err.read(500).decode("utf-8", "replace").strip())
            runner.commands[-1]["error"] = message
            bundle.manifest["errors"].append("logs of {}: {}".format(entry["name"], message))
            return
        out.seek(0)
        err.seek(0)
        with bundle.path(relative).open("wb") as destination:
            entry["log_lines"] = write_merged_log([out, err], destination, redactor)
    entry["log_file"] = relative


def _compose_config(
    bundle: Bundle, runner: Runner, redactor: Redactor, project: str, labels: dict[str, str]
) -> None:
    argv = ["docker", "compose", "--project-name", project]
    for config_file in (labels.get("com.docker.compose.project.config_files") or "").split(","):
        if config_file.strip():
            argv += ["--file", config_file.strip()]
    argv.append("config")
    relative = f"compose/{safe_name(project)}.yaml"
    workdir = labels.get("com.docker.compose.project.working_dir")
    code, out, _ = runner.run(
        argv, relative, cwd=workdir if workdir and Path(workdir).is_dir() else None
    )
    if code == 0:
        bundle.write(relative, redactor.yaml(out))
    else:
        bundle.manifest["errors"].append(
            "compose config of {}: {}".format(project, runner.commands[-1].get("error"))
        )


def _redact_strings(value: Any, redactor: Redactor) -> Any:
    """Value patterns (URL credentials, JWTs, ...) in every string of a JSON document."""
    if isinstance(value, dict):
        return {key: _redact_strings(item, redactor) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_strings(item, redactor) for item in value]
    if isinstance(value, str) and value != REDACTED:
        return redactor.redact_text(value)
    return value


# --- Kubernetes ------------------------------------------------------------------------------


def collect_kubernetes(
    bundle: Bundle, runner: Runner, redactor: Redactor, args: argparse.Namespace
) -> None:
    code, out, err = runner.run(["kubectl", "version", "-o", "json"])
    if code != 0 and not out:
        raise classify_failure("kubectl", err)
    version = _json_or_error("kubectl", out, "kubectl version") if out.strip() else {}
    bundle.manifest["tools"]["kubectl"] = {
        "client": (version.get("clientVersion") or {}).get("gitVersion"),
        "server": (version.get("serverVersion") or {}).get("gitVersion"),
    }
    if code != 0:
        raise classify_failure("kubectl", err)
    bundle.write_json("k8s/version.json", version)

    argv = ["kubectl", "get", "pods", "-o", "json"]
    if args.namespace:
        argv += ["--namespace", args.namespace]
    if args.selector:
        argv += ["--selector", args.selector]
    code, out, err = runner.run(argv, "k8s/pods.json")
    if code != 0:
        raise classify_failure("kubectl", err)
    pods = _json_or_error("kubectl", out, "kubectl get pods").get("items") or []
    if args.containers:
        names = set(args.containers)
        missing = names - {pod.get("metadata", {}).get("name") for pod in pods}
        if missing:
            raise CollectorError(
                "pod(s) not found: {}".format(", ".join(sorted(missing))),
                "поды не найдены: {}".format(", ".join(sorted(missing))),
                EXIT_NOT_FOUND,
            )
        pods = [pod for pod in pods if pod.get("metadata", {}).get("name") in names]
    for pod in pods:
        for container in (pod.get("spec") or {}).get("containers") or []:
            redactor.k8s_environment(container.get("env"))
    bundle.write_json("k8s/pods.json", _redact_strings({"items": pods}, redactor))
    for pod in pods:
        metadata = pod.get("metadata") or {}
        statuses = {
            s.get("name"): s for s in (pod.get("status") or {}).get("containerStatuses") or []
        }
        for container in (pod.get("spec") or {}).get("containers") or []:
            status = statuses.get(container.get("name")) or {}
            entry = {
                "id": metadata.get("uid"),
                "name": "{}/{}/{}".format(
                    metadata.get("namespace"), metadata.get("name"), container.get("name")
                ),
                "namespace": metadata.get("namespace"),
                "pod": metadata.get("name"),
                "image": container.get("image"),
                "image_id": status.get("imageID"),
                "image_tags": [status.get("image") or container.get("image")],
                "image_digests": [status["imageID"]] if status.get("imageID") else [],
                "image_version_label": None,
                "state": next(iter(status.get("state") or {}), None),
                "started_at": ((status.get("state") or {}).get("running") or {}).get("startedAt"),
                "restart_count": status.get("restartCount"),
                "log_file": None,
                "log_lines": 0,
            }
            bundle.manifest["containers"].append(entry)
            if not args.no_logs:
                _kubernetes_logs(bundle, runner, redactor, entry, args.since)


def _kubernetes_logs(
    bundle: Bundle, runner: Runner, redactor: Redactor, entry: dict[str, Any], since: str
) -> None:
    base = [
        "kubectl",
        "logs",
        "--timestamps",
        "--since",
        since,
        "--namespace",
        entry["namespace"],
        entry["pod"],
    ]
    base += ["--container", entry["name"].rsplit("/", 1)[-1]]
    runs = [("", base)]
    if entry.get("restart_count"):
        runs.append((".previous", [*base, "--previous"]))
    for suffix, argv in runs:
        relative = "logs/{}{}.log".format(safe_name(entry["name"].replace("/", "__")), suffix)
        with tempfile.TemporaryFile() as out:
            code, _, _ = runner.run(argv, relative, out)
            if code != 0:
                bundle.manifest["errors"].append(
                    "logs of {}{}: {}".format(
                        entry["name"], suffix, runner.commands[-1].get("error")
                    )
                )
                continue
            out.seek(0)
            with bundle.path(relative).open("wb") as destination:
                lines = write_merged_log([out], destination, redactor)
        if not suffix:
            entry["log_file"], entry["log_lines"] = relative, lines


# --- bundle and upload -----------------------------------------------------------------------


def pack(bundle: Bundle, output: str) -> str:
    """Write the .tar.gz: manifest.json first (so the desk can recognise it from the head)."""
    top = Path(output).name
    for suffix in (".tar.gz", ".tgz"):
        if top.endswith(suffix):
            top = top[: -len(suffix)]
    temporary = output + ".part"
    with tarfile.open(temporary, "w:gz", format=tarfile.GNU_FORMAT) as archive:
        manifest = json.dumps(bundle.manifest, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
        info = tarfile.TarInfo(top + "/manifest.json")
        info.size = len(manifest)
        info.mtime = int(time.time())
        info.mode = 0o644
        archive.addfile(info, io.BytesIO(manifest))
        for path in sorted(Path(bundle.root).rglob("*")):
            if path.is_file():
                relative = path.relative_to(bundle.root).as_posix()
                archive.add(str(path), arcname=top + "/" + relative, recursive=False)
    Path(temporary).replace(output)
    return output


def upload(path: str, url: str, ticket: str, token: str, timeout: int = 300) -> dict[str, Any]:
    """POST the bundle as multipart/form-data (see the module docstring for the contract)."""
    boundary = "----supportdesk-" + uuid.uuid4().hex
    filename = Path(path).name
    head = (
        (
            '--{b}\r\nContent-Disposition: form-data; name="ticket"\r\n\r\n{ticket}\r\n'
            '--{b}\r\nContent-Disposition: form-data; name="bundle"; filename="{name}"\r\n'
            "Content-Type: application/gzip\r\n\r\n"
        )
        .format(b=boundary, ticket=ticket, name=filename.replace('"', ""))
        .encode("utf-8")
    )
    tail = f"\r\n--{boundary}--\r\n".encode("ascii")
    size = Path(path).stat().st_size

    def body() -> Iterator[bytes]:
        yield head
        with Path(path).open("rb") as handle:
            yield from iter(lambda: handle.read(1 << 20), b"")
        yield tail

    request = urllib.request.Request(
        url,
        data=body(),
        method="POST",
        headers={
            "Content-Type": "multipart/form-data; boundary=" + boundary,
            "Content-Length": str(len(head) + size + len(tail)),
            "Authorization": "Bearer " + token,
            "User-Agent": "supportdesk-collect/" + VERSION,
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read(1 << 20)
    except urllib.error.HTTPError as exc:
        reason = _server_message(exc.read(1 << 16)) or exc.reason
        raise CollectorError(
            f"the desk refused the upload (HTTP {exc.code}): {reason}",
            f"сервер поддержки отклонил загрузку (HTTP {exc.code}): {reason}",
            EXIT_UPLOAD,
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = str(getattr(exc, "reason", None) or exc)
        raise CollectorError(
            f"cannot reach the desk at {url}: {reason}",
            f"нет связи с сервером поддержки {url}: {reason}",
            EXIT_UPLOAD,
        ) from None
    try:
        answer = json.loads(payload.decode("utf-8")) if payload.strip() else {}
    except ValueError:
        raise CollectorError(
            "the desk answered the upload with something that is not JSON",
            "сервер поддержки ответил на загрузку не в формате JSON",
            EXIT_UPLOAD,
        ) from None
    return answer if isinstance(answer, dict) else {"response": answer}


def _server_message(payload: bytes) -> str:
    text = payload.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return text[:300]
    if isinstance(data, dict):
        for key in ("error", "detail", "message"):
            if data.get(key):
                return str(data[key])[:300]
    return text[:300]


# --- command line ----------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="supportdesk-collect",
        description="Collect container versions, inspect data and logs (secrets removed) into one "
        ".tar.gz for a SupportDesk ticket. / Собирает версии контейнеров, их параметры и логи "
        "(без секретов) в один .tar.gz для заявки в поддержку.",
    )
    parser.add_argument(
        "containers", nargs="*", help="container names or ids (pods with --k8s); default: all"
    )
    parser.add_argument(
        "--since", default="24h", help="logs since (docker/kubectl --since), default 24h"
    )
    parser.add_argument(
        "--output", "-o", help="bundle path (default: supportdesk-diagnostics-HOST-TIME.tar.gz)"
    )
    parser.add_argument("--k8s", action="store_true", help="collect from Kubernetes with kubectl")
    parser.add_argument("--namespace", "-n", help="Kubernetes namespace")
    parser.add_argument("--selector", "-l", help="Kubernetes label selector, e.g. app=desk")
    parser.add_argument("--no-logs", action="store_true", help="do not collect logs")
    parser.add_argument(
        "--redact-pattern", action="append", default=[], help="extra regex to redact (repeatable)"
    )
    parser.add_argument("--upload", metavar="URL", help="upload the bundle to the desk")
    parser.add_argument("--ticket", help="ticket number for --upload")
    parser.add_argument(
        "--token",
        default=os.environ.get("SUPPORTDESK_TOKEN"),
        help="upload token (or SUPPORTDESK_TOKEN)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the result")
    parser.add_argument("--version", action="version", version="supportdesk-collect " + VERSION)
    args = parser.parse_args(argv)
    if args.upload and not (args.ticket and args.token):
        parser.error("--upload needs --ticket and --token (or SUPPORTDESK_TOKEN)")
    if (args.namespace or args.selector) and not args.k8s:
        parser.error("--namespace and --selector need --k8s")
    for pattern in args.redact_pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            parser.error(f"bad --redact-pattern {pattern!r}: {exc}")
    return args


def collect(args: argparse.Namespace) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    output = (
        args.output or f"supportdesk-diagnostics-{safe_name(socket.gethostname())}-{stamp}.tar.gz"
    )
    redactor = Redactor(args.redact_pattern)
    runner = Runner(redactor, verbose=not args.quiet)
    options = {
        "since": args.since,
        "containers": args.containers,
        "namespace": args.namespace,
        "selector": args.selector,
        "logs": not args.no_logs,
    }
    staging = tempfile.mkdtemp(prefix="supportdesk-collect-")
    try:
        bundle = Bundle(staging, options, "kubernetes" if args.k8s else "docker")
        if args.k8s:
            collect_kubernetes(bundle, runner, redactor, args)
        else:
            collect_docker(bundle, runner, redactor, args)
        for path in sorted(Path(staging).rglob("*")):
            if path.is_file():
                redactor.replace_repeated(path)
        bundle.manifest["commands"] = runner.commands
        bundle.manifest["redactions"] = redactor.report()
        bundle.manifest["finished_at"] = now_iso()
        return pack(bundle, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        path = collect(args)
        print(f"bundle: {path}")
        if args.upload:
            answer = upload(path, args.upload, args.ticket, args.token)
            print(f"uploaded to ticket {args.ticket}: {json.dumps(answer, ensure_ascii=False)}")
    except CollectorError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted / прервано", file=sys.stderr)
        return 130
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
