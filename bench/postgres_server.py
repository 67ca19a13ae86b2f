"""A private PostgreSQL server in a temporary folder, for the tests and the load test.

Debian's `postgresql` package (scripts/install_test_services.sh installs it): initdb and pg_ctl
under /usr/lib/postgresql/<major>/bin. The server listens on a Unix socket in its own folder
only (no TCP port), trusts local connections as user `dti`, and is removed on stop. initdb
refuses to run as root, so as root the folder is handed to the `postgres` system user.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PORT = 5432  # names the socket file in the private folder; no TCP listener is opened
USER = "dti"


class PostgresUnavailable(RuntimeError):
    """The server could not be started; the message says what to do."""


def bin_dir() -> Path:
    """Newest PostgreSQL binaries present (initdb, pg_ctl)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise PostgresUnavailable("PostgreSQL is not installed: run `bash scripts/install_test_services.sh` "
                                  "(Debian package postgresql); `make test` does it.")
    return Path(found[-1]).parent


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresServer:
    """initdb + pg_ctl start in a temporary folder; `dsn` reaches it through its socket."""

    def __init__(self, prefix: str = "dti-pg-"):
        self.folder = Path(tempfile.mkdtemp(prefix=prefix))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.dsn = f"host={self.folder} port={PORT} user={USER} dbname=postgres"
        self._bin = bin_dir()

    def _run(self, *args: str, timeout: float = 120) -> None:
        result = subprocess.run(_as_owner([str(self._bin / args[0]), *args[1:]]), capture_output=True, text=True,
                                timeout=timeout)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailable(f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}\n{log}")

    def start(self) -> "PostgresServer":
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        try:
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync")
            # fsync off: a throwaway server; every test's data dies with the folder anyway.
            options = f"-p {PORT} -k {self.folder} -c listen_addresses='' -c fsync=off -c max_connections=200"
            self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60", "start")
        except (PostgresUnavailable, subprocess.TimeoutExpired, OSError) as error:
            self.stop()
            raise PostgresUnavailable(f"Could not start a private PostgreSQL server: {error}") from error
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailable, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop", timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

