"""Building collector bundles for tests, in the layout supportdesk-collect writes."""

import io
import json
import tarfile
from pathlib import Path
from typing import Any

MANIFEST: dict[str, Any] = {
    "format": "supportdesk-collect/1",
    "collector_version": "1.0.0",
    "created_at": "2026-11-20T08:00:00+00:00",
    "finished_at": "2026-11-20T08:00:05+00:00",
    "mode": "docker",
    "host": {"hostname": "acme-prod-1", "platform": "Linux-6.1", "python": "3.8.18"},
    "options": {"since": "24h", "containers": []},
    "tools": {"docker": {"client": "24.0.7", "server": "24.0.7"}},
    "containers": [
        {
            "id": "3f2a9c1b7d4e",
            "name": "acme-app-1",
            "image": "registry.acme.example/desk/app:2.14.1",
            "image_id": "sha256:" + "a" * 64,
            "image_tags": ["registry.acme.example/desk/app:2.14.1"],
            "image_digests": ["registry.acme.example/desk/app@sha256:" + "b" * 64],
            "image_version_label": "2.14.1",
            "state": "running",
            "restart_count": 2,
            "log_file": "logs/acme-app-1.log",
        }
    ],
    "commands": [
        {"argv": ["docker", "ps", "-a"], "exit_code": 0},
        {"argv": ["docker", "compose", "config"], "exit_code": 1, "error": "no such file"},
    ],
    "redactions": {
        "total": 2,
        "by_kind": {"env": {"count": 2, "names": ["DB_PASSWORD", "SECRET_KEY"]}},
    },
    "errors": [],
}


def write_bundle(
    path: Path, files: dict[str, bytes], manifest: dict[str, Any] | None = None
) -> Path:
    root = "supportdesk-diagnostics-acme-prod-1-20261120T080000Z"
    members = {"manifest.json": json.dumps(manifest or MANIFEST).encode(), **files}
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(f"{root}/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path
