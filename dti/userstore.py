"""User data (scenarios, improvement plans, their revisions and progress) behind one interface.

`UserStore` is what the screens call; `DuckDBUserStore` keeps it in its own DuckDB file
(`DTI_USER_DB`, default data/user/userdata.duckdb, not in git), apart from the results
database, so rebuilds and imports never touch it. Every call opens a short-lived connection
and closes it: a read-write DuckDB connection locks the file against other processes
(PLATFORM.md), so we hold it for milliseconds and retry while another process holds it.
Several replicas share one PostgreSQL store instead (`DTI_USER_DSN`, `PostgresUserStore`): the
same tables (dti/userdata.sql), statements (queries/userdata/) and methods.
"""

import functools
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

import duckdb

from dti import config
from dti.i18n.text import Text
from dti.methodology import Framework, weights_problems
from dti.plans import (
    Plan,
    PlanInvalid,
    PlanRow,
    ProgressEntry,
    RevisionInfo,
    new_id,
    validate_plan,
    with_row_ids,
)
from dti.queries import load_query
from dti.scenarios import Scenario, ScenarioInvalid, validate_scenario

SCHEMA_FILE = Path(__file__).with_name("userdata.sql")
RETRY_SECONDS = 5.0  # how long a write waits for another process's lock before giving up
_LOCK_WORDS = ("lock", "Conflict")
READ_CACHE_SIZE = 512


class UserStoreBusy(RuntimeError):
    """The user data file stayed locked by another process; the message is for the user."""


class RevisionConflict(RuntimeError):
    """Someone saved the plan since this copy was read; the message is for the user."""


@dataclass(frozen=True)
class EnteredWeights:
    """Points an administrator entered for a framework without public weights."""

    framework: str
    points: dict[str, float]
    source: str
    entered_at: datetime
    entered_by: str

    @property
    def notice(self) -> str:
        return Text("store.weights_notice", by=self.entered_by, date=f"{self.entered_at:%d/%m/%Y}",
                    source=self.source)


class WeightsInvalid(ValueError):
    """Entered points that cannot be used; `messages` are Vietnamese."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


def user_db_path() -> Path:
    """Where the user data lives: DTI_USER_DB, else data/user/userdata.duckdb."""
    return Path(os.environ.get("DTI_USER_DB", config.DATA_DIR / "user" / "userdata.duckdb"))


def user_dsn() -> str | None:
    """DTI_USER_DSN: a PostgreSQL connection string shared by every replica; unset: the DuckDB file."""
    return os.environ.get("DTI_USER_DSN", "").strip() or None


class UserStore(Protocol):
    """Scenarios and plans, whatever keeps them."""

    def save_scenario(self, scenario: Scenario, by: str, framework: Framework | None) -> Scenario: ...
    def scenario(self, scenario_id: str) -> Scenario | None: ...
    def scenarios(self, unit_set: str, province_code: str, year: int | None = None) -> list[Scenario]: ...
    def save_plan(self, plan: Plan, by: str, index_names: dict[str, str], change_note: str = "") -> Plan: ...
    def plan(self, plan_id: str, revision: int | None = None) -> Plan | None: ...
    def plan_history(self, plan_id: str) -> list[RevisionInfo]: ...
    def plans(self, unit_set: str, province_code: str) -> list[Plan]: ...
    def add_progress(self, plan_id: str, entry: ProgressEntry, by: str) -> ProgressEntry: ...
    def progress(self, plan_id: str) -> list[ProgressEntry]: ...
    def save_framework_weights(self, framework: Framework, points: dict[str, float], source: str,
                               by: str) -> EnteredWeights: ...
    def framework_weights(self, framework_code: str) -> EnteredWeights | None: ...


class DuckDBUserStore:
    """The UserStore in one DuckDB file, through short-lived connections with a retry on locks."""

    _process_locks: dict[str, threading.Lock] = {}
    _schema_ready: set[str] = set()  # files whose tables this process has created or seen
    _read_cache: dict[tuple, tuple[tuple, list[dict]]] = {}  # (file, query, params) -> (stamp, rows)
    _guard = threading.Lock()

    def __init__(self, path: Path | str | None = None, *, clock: Callable[[], datetime] | None = None,
                 retry_seconds: float = RETRY_SECONDS, sleep: Callable[[float], None] = time.sleep):
        self.path = Path(path) if path is not None else user_db_path()
        self._clock = clock or (lambda: datetime.now(UTC).replace(tzinfo=None))
        self._retry_seconds = retry_seconds
        self._sleep = sleep
        with self._guard:  # one lock per file in this process: DuckDB shares one instance per path
            self._lock = self._process_locks.setdefault(str(self.path.resolve()), threading.Lock())

    # --- the connection discipline ----------------------------------------------------------

    def _run(self, work: Callable[[duckdb.DuckDBPyConnection], object]):
        """Run `work` in one transaction on a fresh connection; retry while the file is locked."""
        deadline = time.monotonic() + self._retry_seconds
        delay = 0.02
        while True:
            try:
                with self._lock:
                    return self._attempt(work)
            except (duckdb.IOException, duckdb.TransactionException) as error:
                if not any(word in str(error) for word in _LOCK_WORDS):
                    raise
                if time.monotonic() >= deadline:
                    raise UserStoreBusy(Text("store.busy")) from error
                self._sleep(delay)
                delay = min(delay * 2, 0.5)

    def _attempt(self, work):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        key = str(self.path.resolve())
        is_new_file = not self.path.exists()  # e.g. removed while the app ran
        con = duckdb.connect(str(self.path))
        try:
            if is_new_file or key not in self._schema_ready:
                con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
                self._schema_ready.add(key)
            con.execute("begin transaction")
            try:
                result = work(con)
                con.execute("commit")
                return result
            except BaseException:
                con.execute("rollback")
                raise
        finally:
            con.close()

    def _file_stamp(self) -> tuple:
        """What any write changes: the file's and its write-ahead log's time and size."""
        stamp = []
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                info = path.stat()
                stamp.append((info.st_mtime_ns, info.st_size))
            except FileNotFoundError:
                stamp.append(None)
        return tuple(stamp)

    def _read(self, query_name: str, /, **params) -> list[dict]:
        """A read, answered from this process's memory while the file is unchanged since (any
        process's write moves the stamp). Opening a DuckDB connection costs 20–200 ms on a busy
        machine, and a page reads several times per rerun."""
        key = (str(self.path), query_name, tuple(sorted(params.items())))
        stamp = self._file_stamp()  # before the read: a write during it makes the next read fetch again
        with self._guard:
            hit = self._read_cache.get(key)
        if hit is not None and hit[0] == stamp and stamp[0] is not None:
            return hit[1]
        rows = self._run(lambda con: self._execute(con, query_name, **params))
        with self._guard:
            if len(self._read_cache) >= READ_CACHE_SIZE:
                self._read_cache.clear()
            self._read_cache[key] = (stamp, rows)
        return rows

    @staticmethod
    def _checked(query_name: str, params: dict):
        query = load_query(f"userdata/{query_name}")
        if set(params) != set(query.declared_params):
            raise TypeError(f"{query_name} takes {sorted(query.declared_params)}, got {sorted(params)}")
        return query

    @classmethod
    def _execute(cls, con, query_name: str, /, **params) -> list[dict]:
        """Run queries/userdata/<name>.sql with exactly its declared parameters."""
        query = cls._checked(query_name, params)
        # The connection itself, not a cursor: a cursor would run outside this call's transaction.
        con.execute(query.sql, params)
        if con.description is None:
            return []
        columns = [d[0] for d in con.description]
        return [dict(zip(columns, row)) for row in con.fetchall()]

    @classmethod
    def _execute_many(cls, con, query_name: str, rows: list[dict]) -> None:
        """Run a writing statement once per row (each row: exactly its declared parameters)."""
        con.executemany(cls._checked(query_name, rows[0]).sql, rows)

    # --- scenarios --------------------------------------------------------------------------

    def save_scenario(self, scenario: Scenario, by: str, framework: Framework | None) -> Scenario:
        """Store a new scenario under a fresh short id (a scenario is never overwritten). An invalid one
        raises ScenarioInvalid (every message) and writes nothing; `framework`: the year's."""
        messages = validate_scenario(scenario, framework)
        if messages:
            raise ScenarioInvalid(messages)
        saved = replace(scenario, scenario_id=new_id(), created_at=self._clock(), created_by=by.strip() or "?")

        def work(con):
            self._execute(con, "scenario_insert", scenario_id=saved.scenario_id, name=saved.name.strip(),
                          kind=saved.kind, unit_set=saved.unit_set, province_code=saved.province_code,
                          year=saved.year, inputs_json=saved.inputs_json(), created_at=saved.created_at,
                          created_by=saved.created_by)
        self._run(work)
        return saved

    def scenario(self, scenario_id: str) -> Scenario | None:
        rows = self._read("scenario_by_id", scenario_id=str(scenario_id))
        return Scenario.from_stored(rows[0]) if rows else None

    def scenarios(self, unit_set: str, province_code: str, year: int | None = None) -> list[Scenario]:
        # Every province's, read once per file stamp (one connection), then this province's and year's.
        rows = self._read("scenarios_for_province", unit_set=unit_set, province_code=None, year=None)
        return [Scenario.from_stored(r) for r in rows
                if r["province_code"] == province_code and (year is None or r["year"] == int(year))]

    # --- plans ------------------------------------------------------------------------------

    def save_plan(self, plan: Plan, by: str, index_names: dict[str, str], change_note: str = "") -> Plan:
        """Save a new revision (the first save creates the plan). An invalid plan raises PlanInvalid
        (every message) and writes nothing; `index_names`: the year's main indices (code -> name).
        `plan.revision` is the revision the copy was read from: if someone saved since,
        RevisionConflict and nothing is written."""
        messages = ([] if by.strip() else [Text("store.no_saver")]) + validate_plan(plan, index_names)
        if messages:
            raise PlanInvalid(messages)
        plan = with_row_ids(plan)
        plan_id = plan.plan_id or new_id()
        now = self._clock()

        def work(con):
            head = self._execute(con, "plan_head", plan_id=plan_id)
            current = head[0]["revision"] if head else 0
            if (plan.revision or 0) != current:
                who = head[0]["saved_by"] if head else "?"
                when = head[0]["saved_at"] if head else None
                raise RevisionConflict(Text("store.conflict", who=who, revision=current,
                                            when=Text("store.at", when=f"{when:%H:%M %d/%m/%Y}") if when else ""))
            if not head:
                self._execute(con, "plan_insert", plan_id=plan_id, unit_set=plan.unit_set,
                              province_code=plan.province_code, base_year=plan.base_year,
                              target_year=plan.target_year, source_kind=plan.source_kind,
                              source_ref=plan.source_ref, created_at=now, created_by=by.strip())
            revision = current + 1
            self._execute(con, "plan_revision_insert", plan_id=plan_id, revision=revision, title=plan.title.strip(),
                          saved_at=now, saved_by=by.strip(), change_note=change_note.strip() or None)
            rows = [dict(plan_id=plan_id, revision=revision, position=position, row_id=row.row_id,
                         main_index=row.main_index, component=row.component, owner=row.owner.strip(),
                         co_owners=row.co_owners.strip() or None, current_value=float(row.current_value),
                         target_value=float(row.target_value), deadline=row.deadline, status=row.status,
                         note=row.note or None)
                    for position, row in enumerate(plan.rows, start=1)]
            if rows:
                self._execute_many(con, "plan_row_insert", rows)
            return revision
        revision = self._run(work)
        return replace(plan, plan_id=plan_id, revision=revision, saved_at=now, saved_by=by.strip(),
                       change_note=change_note.strip() or None)

    def plan(self, plan_id: str, revision: int | None = None) -> Plan | None:
        """The latest revision (or the one asked for) with its rows; None when there is none."""
        def work(con):
            head = self._execute(con, "plan_head", plan_id=str(plan_id))
            if not head:
                return None
            head = head[0]
            wanted = head["revision"] if revision is None else int(revision)
            history = {r["revision"]: r for r in self._execute(con, "plan_revisions", plan_id=str(plan_id))}
            if wanted not in history:
                return None
            rows = self._execute(con, "plan_rows_of_revision", plan_id=str(plan_id), revision=wanted)
            return head, history[wanted], rows
        found = self._run(work)
        if found is None:
            return None
        head, chosen, rows = found
        return Plan(head["unit_set"], head["province_code"], int(head["base_year"]), int(head["target_year"]),
                    chosen["title"], tuple(_plan_row(r) for r in rows), head["source_kind"], head["source_ref"],
                    head["plan_id"], int(chosen["revision"]), chosen["saved_at"], chosen["saved_by"],
                    chosen["change_note"])

    def plan_history(self, plan_id: str) -> list[RevisionInfo]:
        rows = self._read("plan_revisions", plan_id=str(plan_id))
        return [RevisionInfo(int(r["revision"]), r["title"], r["saved_at"], r["saved_by"], r["change_note"],
                             int(r["row_count"])) for r in rows]

    def plans(self, unit_set: str, province_code: str) -> list[Plan]:
        """The province's plans (latest revision of each, without rows), newest save first."""
        # Every province's, read once per file stamp (one connection), then this province's.
        rows = [r for r in self._read("plans_for_province", unit_set=unit_set, province_code=None)
                if r["province_code"] == province_code]
        return [Plan(unit_set, province_code, int(r["base_year"]), int(r["target_year"]), r["title"], (),
                     r["source_kind"], r["source_ref"], r["plan_id"], int(r["revision"]), r["saved_at"],
                     r["saved_by"]) for r in rows]

    def add_progress(self, plan_id: str, entry: ProgressEntry, by: str) -> ProgressEntry:
        saved = replace(entry, progress_id=new_id(), recorded_at=self._clock(), recorded_by=by.strip() or "?")
        self._run(lambda con: self._execute(
            con, "plan_progress_insert", progress_id=saved.progress_id, plan_id=plan_id, row_id=saved.row_id,
            meeting_date=saved.meeting_date, value=float(saved.value), note=saved.note or None,
            recorded_at=saved.recorded_at, recorded_by=saved.recorded_by))
        return saved

    def progress(self, plan_id: str) -> list[ProgressEntry]:
        rows = self._read("plan_progress_entries", plan_id=str(plan_id))
        return [ProgressEntry(r["row_id"], _as_date(r["meeting_date"]), float(r["value"]), r["note"] or "",
                              r["recorded_by"], r["recorded_at"], r["progress_id"]) for r in rows]


    # --- weights an administrator entered (QĐ 405) -----------------------------------------

    def save_framework_weights(self, framework: Framework, points: dict[str, float], source: str,
                               by: str) -> EnteredWeights:
        """Replace the framework's entered points as one set; invalid ones raise WeightsInvalid."""
        messages = ([] if by.strip() else [Text("store.no_enterer")]) + weights_problems(framework, points, source)
        if messages:
            raise WeightsInvalid(messages)
        now = self._clock()

        def work(con):
            self._execute(con, "framework_weights_delete", framework=framework.code)
            for code in framework.weights:
                self._execute(con, "framework_weight_insert", framework=framework.code, code=code,
                              points=float(points[code]), source=source.strip(), entered_at=now, entered_by=by.strip())
        self._run(work)
        return EnteredWeights(framework.code, {c: float(points[c]) for c in framework.weights}, source.strip(), now,
                              by.strip())

    def framework_weights(self, framework_code: str) -> EnteredWeights | None:
        rows = self._read("framework_weights", framework=framework_code)
        if not rows:
            return None
        return EnteredWeights(framework_code, {r["code"]: float(r["points"]) for r in rows}, rows[0]["source"],
                              rows[0]["entered_at"], rows[0]["entered_by"])


# --- PostgreSQL, for several replicas --------------------------------------------------------

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_SCHEMA_LOCK = 4_151_515  # pg_advisory_xact_lock key: replicas starting together create the tables once
_COLLISION_RETRIES = 3
UNREACHABLE = Text("store.unreachable")


def _psycopg():
    """psycopg, imported on first use: ~140 ms that only deployments on PostgreSQL pay."""
    import psycopg
    import psycopg.rows

    return psycopg


@functools.cache
def postgres_sql(duckdb_sql: str) -> str:
    """A queries/userdata statement with psycopg's placeholders: `$name` → `%(name)s`, % doubled."""
    return _PARAM.sub(r"%(\1)s", duckdb_sql.replace("%", "%%"))


class PostgresUserStore(DuckDBUserStore):
    """The UserStore on a PostgreSQL server shared by every replica (DTI_USER_DSN): the DuckDB
    store's methods and statements; only the connection discipline and the placeholders differ.
    - a short-lived connection per call, one transaction, closed at once;
    - replicas really write at once: two saves of the same plan revision collide on
      plan_revision's primary key; the loser runs again, re-reads the head and gets the usual
      RevisionConflict naming who saved first;
    - a server that cannot be reached is retried for `retry_seconds`, then UserStoreBusy.
    """

    _schema_ready: set[str] = set()  # DSNs whose tables this process has created or seen
    _schema_guard = threading.Lock()

    def __init__(self, dsn: str, *, clock: Callable[[], datetime] | None = None,
                 retry_seconds: float = RETRY_SECONDS, sleep: Callable[[float], None] = time.sleep):
        self.dsn = dsn
        self._clock = clock or (lambda: datetime.now(UTC).replace(tzinfo=None))
        self._retry_seconds = retry_seconds
        self._sleep = sleep

    def _connect(self):
        """A fresh connection, retried while the server cannot be reached (a restart, a failover)."""
        psycopg = _psycopg()
        deadline = time.monotonic() + self._retry_seconds
        delay = 0.05
        while True:
            try:
                return psycopg.connect(self.dsn, autocommit=True, connect_timeout=5)
            except psycopg.OperationalError as error:
                if time.monotonic() >= deadline:
                    raise UserStoreBusy(UNREACHABLE) from error
                self._sleep(delay)
                delay = min(delay * 2, 0.5)

    def _ensure_schema(self, con) -> None:
        if self.dsn in self._schema_ready:
            return
        with con.transaction():
            con.execute("select pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        with self._schema_guard:
            self._schema_ready.add(self.dsn)

    def _run(self, work: Callable[[object], object]):
        """Run `work` in one transaction on a fresh connection; again after a key collision."""
        psycopg = _psycopg()
        for attempt in range(_COLLISION_RETRIES + 1):
            with self._connect() as con:
                try:
                    self._ensure_schema(con)
                    with con.transaction():
                        return work(con)
                except psycopg.errors.UniqueViolation:
                    if attempt == _COLLISION_RETRIES:
                        raise UserStoreBusy(Text("store.simultaneous")) from None
                except psycopg.OperationalError as error:  # the connection broke mid-call
                    raise UserStoreBusy(Text("store.lost")) from error

    def _read(self, query_name: str, /, **params) -> list[dict]:
        """Always from the server: another replica's write leaves no local file stamp to check."""
        return self._run(lambda con: self._execute(con, query_name, **params))

    @classmethod
    def _execute(cls, con, query_name: str, /, **params) -> list[dict]:
        query = cls._checked(query_name, params)
        with con.cursor(row_factory=_psycopg().rows.dict_row) as cursor:
            cursor.execute(postgres_sql(query.sql), params)
            return cursor.fetchall() if cursor.description is not None else []

    @classmethod
    def _execute_many(cls, con, query_name: str, rows: list[dict]) -> None:
        with con.cursor() as cursor:
            cursor.executemany(postgres_sql(cls._checked(query_name, rows[0]).sql), rows)


def _as_date(value) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def _plan_row(record: dict) -> PlanRow:
    return PlanRow(main_index=record["main_index"], owner=record["owner"],
                   current_value=float(record["current_value"]), target_value=float(record["target_value"]),
                   deadline=_as_date(record["deadline"]), status=record["status"],
                   co_owners=record["co_owners"] or "", component=record["component"],
                   note=record["note"] or "", row_id=record["row_id"])


def default_store() -> UserStore:
    """The deployment's store: PostgreSQL where DTI_USER_DSN is set (several replicas), else the
    DuckDB file (one machine)."""
    dsn = user_dsn()
    if dsn:
        return PostgresUserStore(dsn)
    return DuckDBUserStore()
