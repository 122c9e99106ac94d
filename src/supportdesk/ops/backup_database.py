"""Copying the database out of and into the desk: SQLite's online backup API, pg_dump/pg_restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from supportdesk.ops.backup_manifest import BackupError

_PG_BINDIRS = Path("/usr/lib/postgresql")


def database_vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def database_tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def dump_database(target: Path) -> None:
    if database_vendor() == "sqlite":
        _sqlite_copy(Path(_settings()["NAME"]), target)
        with _sqlite_connect(target, readonly=False) as copy:
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    else:
        _run_pg("pg_dump", "--format=custom", "--no-password", f"--file={target}")


def load_database(source: Path) -> None:
    """Replaces the current database with the copy in `source`."""
    connection.close()
    if database_vendor() == "sqlite":
        _sqlite_copy(source, Path(_settings()["NAME"]))  # the whole file is replaced
    else:
        _drop_tables()  # --clean drops only what the dump holds; a newer table would stay
        _run_pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={_settings()['NAME']}",  # host, user, password: PG* variables
            str(source),
        )
    connection.close()


def _drop_tables() -> None:
    """Every table of the target (views that use them go with CASCADE)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_table_list(cursor)
    tables = [table.name for table in found if table.type != "v"]
    if tables:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(map(quote, tables))} CASCADE")
    connection.close()


def _settings() -> dict[str, Any]:
    return connection.settings_dict


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page by page through SQLite's online backup API: consistent while others write."""
    if str(source) == ":memory:" or str(target) == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with (
            _sqlite_connect(source, readonly=True) as src,
            _sqlite_connect(target, readonly=False) as dst,
        ):
            src.backup(dst)  # one step: one read transaction, never restarted by writers
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy {source} to {target}: {exc}.") from None


def _sqlite_connect(path: Path, *, readonly: bool) -> closing[sqlite3.Connection]:
    """A connection that is closed on leaving the block (sqlite3's own only commits)."""
    uri = f"{path.resolve().as_uri()}{'?mode=ro' if readonly else ''}"
    return closing(sqlite3.connect(uri, uri=True, timeout=20))


def _run_pg(tool: str, *args: str) -> None:
    executable = _pg_tool(tool)
    done = subprocess.run(  # noqa: S603 - fixed executable, arguments are ours
        [executable, *args], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} failed (exit {done.returncode}): {done.stderr.strip()}")


def _pg_tool(name: str) -> str:
    """`name` on PATH, else from the newest /usr/lib/postgresql/<version>/bin."""
    if found := shutil.which(name):
        return found
    candidates = sorted(
        _PG_BINDIRS.glob(f"*/bin/{name}"),
        key=lambda path: [int(part) for part in path.parts[-3].split(".") if part.isdigit()],
    )
    if not candidates:
        raise BackupError(
            f"{name} was not found on PATH or in {_PG_BINDIRS}/*/bin: install the PostgreSQL "
            "client (Debian: postgresql-client) of the server's major version or newer."
        )
    return str(candidates[-1])


def _pg_environment() -> dict[str, str]:
    """The Django connection as libpq variables: the password never appears in `ps`."""
    db = _settings()
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    return env | {key: str(value) for key, value in values.items() if value}
