"""A throwaway PostgreSQL cluster for the database tests: initdb + pg_ctl on a Unix socket in a temp folder.

No TCP port is opened (`listen_addresses=''`): the tests reach the server through its socket only. initdb
refuses to run as root, so as root the cluster is made and run by the `postgres` user in a folder it
owns. The tests are skipped, saying why, only when the PostgreSQL binaries or the ADBC driver are
missing; .ci/run installs both.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "postgres"


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@dataclass(frozen=True)
class PostgresServer:
    """A running cluster: its socket folder, and URLs and superuser SQL for the tests."""

    socket_dir: Path

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        credentials = f"{user}:{password}" if password else user
        return f"postgresql://{credentials}@/{database}?host={self.socket_dir}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run `sql` (statements separated by `;`) as the superuser, each committed."""
        import adbc_driver_postgresql.dbapi as adbc

        with adbc.connect(self.url(database), autocommit=True) as connection, connection.cursor() as cursor:
            cursor.adbc_statement.set_options(**{"adbc.postgresql.use_copy": "false"})
            for statement in filter(str.strip, sql.split(";\n")):
                cursor.execute(statement)


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", SUPERUSER, "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL binaries not installed (apt-get install postgresql; .ci/run does)")
    pytest.importorskip("adbc_driver_postgresql", reason="pip install '.[databases]'")
    folder = Path(tempfile.mkdtemp(prefix="ccscan-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, SUPERUSER)
    data = folder / "data"
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(  # noqa: PLW1510 - check=True is in `run`
        _as_postgres(
            [str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", SUPERUSER, "--no-sync"]
        ),
        **run,
    )
    options = f"-k {folder} -c listen_addresses='' -c fsync=off"
    pg_ctl = str(binaries / "pg_ctl")
    subprocess.run(  # noqa: PLW1510 - check=True is in `run`
        _as_postgres([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]),
        **run,
    )
    try:
        yield PostgresServer(folder)
    finally:
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
