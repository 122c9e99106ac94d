"""nginx as the tests run it: deploy/nginx/supportdesk.conf, with only what a machine decides
(ports, certificates, the static directory) replaced, inside a minimal nginx.conf whose every
path (pid, logs, temporary files) lies in a temporary directory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ops.processes import PROJECT_DIR

SITE = PROJECT_DIR / "deploy/nginx/supportdesk.conf"


def site_for_test(*, port: int, nodes: list[int], static_root: Path) -> str:
    site = SITE.read_text()
    upstream = "".join(
        f"    server 127.0.0.1:{node} max_fails=3 fail_timeout=10s;\n" for node in nodes
    )
    site, found = re.subn(r"(    server 127\.0\.0\.1:\d+ [^\n]*\n)+", upstream, site)
    assert found == 1, "the upstream's node lines changed shape"
    site, found = re.subn(r"    listen 443 ssl;\n    listen \[::\]:443 ssl;\n", "", site)
    assert found == 1, "the listen lines changed shape"
    site = re.sub(r"    ssl_certificate[^\n]*\n", "", site)
    site = site.replace("    server_name ", f"    listen 127.0.0.1:{port};\n    server_name ", 1)
    site, found = re.subn(r"alias /var/lib/supportdesk/static/", f"alias {static_root}/", site)
    assert found == 2, "the static locations changed shape"  # the directory, the chat widget
    return site


def start_nginx(
    directory: Path, *, port: int, nodes: list[int], static_root: Path
) -> subprocess.Popen[bytes]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is missing: `make test` installs it (scripts/debian-packages.txt)")
    directory.mkdir(parents=True, exist_ok=True)
    temp = {kind: directory / kind for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    conf = directory / "nginx.conf"
    conf.write_text(
        "daemon off;\n"
        "worker_processes 1;\n"
        # As root nginx would hand the requests to 'nobody', who cannot read pytest's tmp dir.
        + ("user root;\n" if os.getuid() == 0 else "")
        + f"pid {directory}/nginx.pid;\n"
        f"error_log {directory}/error.log info;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        '    log_format nodes "$request $status $upstream_addr";\n'
        f"    access_log {directory}/access.log nodes;\n"
        + "".join(f"    {kind}_temp_path {path};\n" for kind, path in temp.items())
        + site_for_test(port=port, nodes=nodes, static_root=static_root)
        + "}\n"
    )
    test = subprocess.run(  # noqa: S603
        [
            nginx,
            "-t",
            "-q",
            "-p",
            str(directory),
            "-e",
            str(directory / "error.log"),
            "-c",
            str(conf),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert test.returncode == 0, test.stderr
    return subprocess.Popen(  # noqa: S603
        [nginx, "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(conf)]
    )


def served_upstreams(directory: Path) -> set[str]:
    """The web nodes (host:port) that answered requests proxied so far."""
    lines = (directory / "access.log").read_text().splitlines()
    return {line.rsplit(" ", 1)[1] for line in lines if not line.endswith(" -")}
