"""`python -m bench.faults`: break the store on purpose, many times, and count what survives.

Each run starts from a database with imports in it, then either kills an import with
SIGKILL while it commits (after its temporary copy appears, at a random moment), or damages
the store (current file truncated, overwritten with garbage or deleted; CURRENT empty,
deleted or not UTF-8). After the fault a reader must serve an intact version holding every
import that an intact file still holds, and the next import must succeed. Prints counts:
runs survived, versions intact, imports lost (must be 0), temporary files left behind.

The fault primitives here are shared with tests/test_store_faults.py.
"""

import argparse
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
POINTER = "CURRENT"


# --- fault primitives -------------------------------------------------------------------

def run_cli(db_dir: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m dti ARGV` against db_dir, as an official would run it."""
    env = {**os.environ, "DTI_DB_DIR": str(db_dir)}
    return subprocess.run([sys.executable, "-m", "dti", *argv], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def current_file(db_dir: Path) -> Path:
    """The version file CURRENT names now (read as bytes: CURRENT itself may be damaged)."""
    name = (db_dir / POINTER).read_bytes().decode("utf-8").strip()
    return db_dir / f"dti-{name}.duckdb"


def temporary_files(db_dir: Path) -> list[Path]:
    return sorted(db_dir.glob(".building-*"))


def truncate(path: Path, keep_bytes: int = 12288) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(keep_bytes)


def garbage(path: Path, seed: int = 0) -> None:
    size = path.stat().st_size
    path.write_bytes(random.Random(seed).randbytes(min(size, 1 << 20)))


def invalid_utf8_pointer(db_dir: Path) -> None:
    (db_dir / POINTER).write_bytes(b"\xff\xfe\x80\x81 not a version\n")


DAMAGES = {
    "current file truncated": lambda db, seed: truncate(current_file(db)),
    "current file garbage": lambda db, seed: garbage(current_file(db), seed),
    "current file deleted": lambda db, seed: current_file(db).unlink(),
    "CURRENT empty": lambda db, seed: (db / POINTER).write_bytes(b""),
    "CURRENT deleted": lambda db, seed: (db / POINTER).unlink(),
    "CURRENT not UTF-8": lambda db, seed: invalid_utf8_pointer(db),
}


def kill_during_commit(db_dir: Path, *argv: str, delay: float = 0.0, timeout: float = 60) -> int | None:
    """Start `python -m dti ARGV`, SIGKILL it `delay` seconds after its temporary copy appears.

    Returns the exit code when it finished before the kill, else None (killed mid-commit).
    """
    env = {**os.environ, "DTI_DB_DIR": str(db_dir)}
    before = set(temporary_files(db_dir))
    process = subprocess.Popen([sys.executable, "-m", "dti", *argv], cwd=PROJECT_DIR, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while process.poll() is None and not set(temporary_files(db_dir)) - before:
        if time.monotonic() > deadline:
            break
        time.sleep(0.002)
    time.sleep(delay)
    if process.poll() is not None:
        return process.returncode
    process.send_signal(signal.SIGKILL)
    process.wait()
    return None


@contextlib.contextmanager
def stalled_writer(db_dir: Path):
    """A process that takes the writer lock the way every writer does, then hangs."""
    env = {**os.environ, "DTI_DB_DIR": str(db_dir)}
    code = ("import time\nfrom dti import store\nwith store.writer_lock():\n"
            "    print('held', flush=True)\n    time.sleep(600)\n")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_DIR, env=env,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "held"
        yield process
    finally:
        process.kill()
        process.wait()


@contextlib.contextmanager
def small_disk(size: str = "2m"):
    """A tmpfs of `size` mounted on a fresh folder (needs root), unmounted afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="dti-full-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def results_csv(folder: Path, seed: int) -> Path:
    """A complete 2025 results file (34 units) whose scores depend on seed."""
    names = [line.split(",")[2] for line in
             (PROJECT_DIR / "data" / "merger_2025.csv").read_text(encoding="utf-8").splitlines()[1:]]
    unique = list(dict.fromkeys(names))
    rng = random.Random(seed)
    scores = sorted((round(rng.uniform(0.3, 0.95), 4) for _ in unique), reverse=True)
    path = folder / f"dti2025-{seed}.csv"
    rows = ["Tỉnh/Thành phố,Chỉ số DTI"] + [f"{n},{s}" for n, s in zip(unique, scores, strict=True)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# --- checks -------------------------------------------------------------------------------

def intact_versions(db_dir: Path) -> tuple[int, int]:
    """(version files that open and read, version files present)."""
    import duckdb

    files = sorted(db_dir.glob("dti-*.duckdb"))
    intact = 0
    for path in files:
        try:
            con = duckdb.connect(str(path), read_only=True)
            try:
                con.execute("select count(*) from dti_value").fetchone()
                intact += 1
            finally:
                con.close()
        except duckdb.Error:
            pass
    return intact, len(files)


def imports_in_file(path: Path) -> set[str]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {row[0] for row in con.execute("select file_sha256 from import_record").fetchall()}
    finally:
        con.close()


def imports_in_intact_files(db_dir: Path) -> set[str]:
    import duckdb

    found: set[str] = set()
    for path in db_dir.glob("dti-*.duckdb"):
        with contextlib.suppress(duckdb.Error):
            found |= imports_in_file(path)
    return found


def served(db_dir: Path) -> tuple[str, set[str], str | None]:
    """What a reader serves now: (version, imports in it, notice), through the package."""
    from dti import queries, store

    before = os.environ.get("DTI_DB_DIR")
    os.environ["DTI_DB_DIR"] = str(db_dir)
    try:
        store.close_connections()
        version, notice = store.serving_version()
        records = queries.run_query("import_records", version)
        return version, set(records["file_sha256"]), notice
    finally:
        store.close_connections()
        if before is None:
            os.environ.pop("DTI_DB_DIR", None)
        else:
            os.environ["DTI_DB_DIR"] = before


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the runs -----------------------------------------------------------------------------

def _start(folder: Path, files: Path, seed: int) -> tuple[Path, set[str]]:
    db_dir = folder / f"db-{seed}"
    assert run_cli(db_dir, "build-db").returncode == 0
    committed = set()
    for offset in range(2):
        path = results_csv(files, seed * 100 + offset)
        result = run_cli(db_dir, "import", str(path), "--year", "2025", "--yes", "--by", "faults")
        assert result.returncode == 0, result.stderr
        committed.add(_sha(path))
    return db_dir, committed


def _after_fault(db_dir: Path, files: Path, seed: int, committed: set[str], counts: dict) -> None:
    """Serve, then write again; count what survived."""
    survived = True
    try:
        _, in_served, _ = served(db_dir)
    except Exception as error:  # noqa: BLE001 - any exception here is a run that did not survive
        print(f"  không phục vụ được: {type(error).__name__}: {error}", file=sys.stderr)
        survived, in_served = False, set()
    reachable = committed & imports_in_intact_files(db_dir)
    counts["imports lost"] += len(reachable - in_served)
    counts["imports destroyed with their damaged file"] += len(committed - reachable)
    path = results_csv(files, seed * 100 + 99)
    result = run_cli(db_dir, "import", str(path), "--year", "2025", "--yes", "--by", "faults")
    if result.returncode != 0 or "Traceback" in result.stderr:
        print(f"  lần nhập sau sự cố thất bại: {result.stderr.strip()[-300:]}", file=sys.stderr)
        survived = False
    intact, present = intact_versions(db_dir)
    counts["versions intact"] += intact
    counts["versions present"] += present
    counts["temporary files left after the next write"] += len(temporary_files(db_dir))
    counts["runs survived"] += survived
    counts["runs"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="imports killed mid-commit (20)")
    parser.add_argument("--damages", type=int, default=2, help="repetitions of each damage (2)")
    args = parser.parse_args(argv)
    counts = dict.fromkeys(["runs", "runs survived", "versions intact", "versions present", "imports lost",
                            "imports destroyed with their damaged file",
                            "temporary files left after the next write", "killed mid-commit"], 0)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dti-faults-") as temp:
        folder = Path(temp)
        files = folder / "files"
        files.mkdir()
        for seed in range(args.kills):
            db_dir, committed = _start(folder, files, seed)
            path = results_csv(files, seed * 100 + 50)
            code = kill_during_commit(db_dir, "import", str(path), "--year", "2025", "--yes",
                                      delay=random.Random(seed).uniform(0, 0.4))
            if code is None:
                counts["killed mid-commit"] += 1
            elif code == 0:
                committed.add(_sha(path))
            _after_fault(db_dir, files, seed, committed, counts)
        for index, (name, damage) in enumerate(DAMAGES.items()):
            for repeat in range(args.damages):
                seed = 1000 + index * 10 + repeat
                db_dir, committed = _start(folder, files, seed)
                damage(db_dir, seed)
                _after_fault(db_dir, files, seed, committed, counts)
                print(f"  {name}: xong lần {repeat + 1}", file=sys.stderr)
    width = max(len(k) for k in counts)
    for key, value in counts.items():
        print(f"{key:<{width}}  {value}")
    print(f"{'seconds':<{width}}  {time.perf_counter() - started:.0f}")
    return 0 if counts["imports lost"] == 0 and counts["runs survived"] == counts["runs"] else 1


if __name__ == "__main__":
    sys.exit(main())
