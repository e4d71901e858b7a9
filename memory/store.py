"""The run store: every run, version, scene, message, tool call, score and artifact, in SQLite.

Why SQLite: one file in the state directory, readable with any SQLite tool, safe for
several processes at once (WAL mode + a busy timeout), and each committed row survives
a killed process.

Rules the rest of the code relies on:
- Appends are idempotent. Every message, tool call and score carries an `idem_key` that
  the caller derives from where it happens (run/version/scene/round/step, see `idem_key`);
  a resumed run that replays a step inserts nothing new (``INSERT OR IGNORE``).
- Migrations are append-only and recorded in `schema_migrations`. A database written by a
  newer animdirector, or a file that is not an animdirector database, is refused with an
  error naming the file, and is never written to.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from animdirector.memory.artifacts import pid_alive, sha256_file, slugify
from animdirector.memory.layout import db_path

log = logging.getLogger(__name__)

RunStatus = Literal["running", "done", "partial", "failed"]
RUN_STATUSES: tuple[str, ...] = ("running", "done", "partial", "failed")
BUSY_TIMEOUT_MS = 30_000
QUICK_CHECK_MAX_BYTES = 256 * 2**20  # checking pages at open costs ~70 ms for 64 MB; skip it above this
PRE = "pre"  # the `scene` filter value for pre-production (run-level) rows, stored with scene NULL


class StoreError(Exception):
    """A run store problem a person can act on; the message says what and where."""


class UnknownRun(StoreError, LookupError):
    """No run with that id; the message lists the most recent runs."""


class UnknownBatch(StoreError, LookupError):
    """No batch with that id; the message lists the most recent batches."""


class NewerSchema(StoreError):
    """The database was written by a newer animdirector; it is left untouched."""


class CorruptDatabase(StoreError):
    """The file is not a readable animdirector database; it is left untouched."""


# --- schema ----------------------------------------------------------------------------------------
# Append-only: never edit a released migration, add a new one at the end.

_RUN_STATUS_CHECK = "CHECK (status IN ('running', 'done', 'partial', 'failed'))"

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "initial schema",
        [
            f"""CREATE TABLE runs (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                scenario_path TEXT,
                scenario_json TEXT NOT NULL DEFAULT '{{}}',
                config_json TEXT NOT NULL DEFAULT '{{}}',
                status TEXT NOT NULL DEFAULT 'running' {_RUN_STATUS_CHECK},
                created TEXT NOT NULL,
                finished TEXT,
                pid INTEGER,
                host TEXT
            )""",
            f"""CREATE TABLE versions (
                run TEXT NOT NULL REFERENCES runs(id),
                number INTEGER NOT NULL,
                parent INTEGER,
                reason TEXT NOT NULL DEFAULT '',
                changes_json TEXT NOT NULL DEFAULT '{{}}',
                status TEXT NOT NULL DEFAULT 'running' {_RUN_STATUS_CHECK},
                created TEXT NOT NULL,
                finished TEXT,
                PRIMARY KEY (run, number)
            )""",
            """CREATE TABLE scenes (
                run TEXT NOT NULL REFERENCES runs(id),
                version INTEGER NOT NULL,
                idx INTEGER NOT NULL,
                spec_json TEXT NOT NULL DEFAULT '{}',
                inputs_hash TEXT,
                status TEXT NOT NULL DEFAULT 'pending',
                verdict TEXT,
                result_json TEXT NOT NULL DEFAULT '{}',
                updated TEXT NOT NULL,
                PRIMARY KEY (run, version, idx)
            )""",
            """CREATE TABLE events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run TEXT NOT NULL REFERENCES runs(id),
                version INTEGER NOT NULL,
                scene INTEGER,
                round INTEGER,
                agent TEXT NOT NULL,
                type TEXT NOT NULL DEFAULT 'message',
                text TEXT NOT NULL DEFAULT '',
                payload_json TEXT,
                tokens_in INTEGER,
                tokens_out INTEGER,
                cached_tokens INTEGER,
                latency_s REAL,
                model TEXT,
                created TEXT NOT NULL,
                idem_key TEXT NOT NULL UNIQUE
            )""",
            "CREATE INDEX events_by_place ON events (run, version, scene, round)",
            """CREATE TABLE tool_calls (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run TEXT NOT NULL REFERENCES runs(id),
                version INTEGER NOT NULL,
                scene INTEGER,
                round INTEGER,
                agent TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL,
                arguments_json TEXT NOT NULL DEFAULT '{}',
                result_json TEXT,
                duration_s REAL,
                error TEXT,
                created TEXT NOT NULL,
                idem_key TEXT NOT NULL UNIQUE
            )""",
            "CREATE INDEX tool_calls_by_place ON tool_calls (run, version, scene, round)",
            """CREATE TABLE scores (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run TEXT NOT NULL REFERENCES runs(id),
                version INTEGER NOT NULL,
                scene INTEGER,
                round INTEGER,
                candidate INTEGER,
                metric TEXT NOT NULL,
                value REAL NOT NULL,
                created TEXT NOT NULL,
                idem_key TEXT NOT NULL UNIQUE
            )""",
            "CREATE INDEX scores_by_place ON scores (run, version, scene, round)",
            """CREATE TABLE artifacts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run TEXT NOT NULL REFERENCES runs(id),
                path TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                inputs_hash TEXT,
                kind TEXT NOT NULL,
                size INTEGER,
                created TEXT NOT NULL,
                UNIQUE (run, path)
            )""",
            "CREATE INDEX artifacts_by_inputs ON artifacts (run, inputs_hash, kind)",
            """CREATE TABLE team_state (
                run TEXT NOT NULL REFERENCES runs(id),
                version INTEGER NOT NULL,
                scene INTEGER NOT NULL,
                state_json TEXT NOT NULL,
                updated TEXT NOT NULL,
                PRIMARY KEY (run, version, scene)
            )""",
        ],
    ),
    (
        2,
        "scenes: the hash of what decides a scene's picture (its sound may be made again alone)",
        [
            "ALTER TABLE scenes ADD COLUMN picture_hash TEXT",
            "CREATE INDEX scenes_by_picture ON scenes (run, picture_hash, status)",
        ],
    ),
    (
        3,
        "batches: many stories filmed as one job (animdirector batch), each story's run and status",
        [
            """CREATE TABLE batches (
                id TEXT PRIMARY KEY,
                input TEXT NOT NULL,
                options_json TEXT NOT NULL DEFAULT '{}',
                created TEXT NOT NULL,
                finished TEXT
            )""",
            f"""CREATE TABLE batch_stories (
                batch TEXT NOT NULL REFERENCES batches(id),
                position INTEGER NOT NULL,
                story_id TEXT NOT NULL,
                source TEXT,
                scenario_json TEXT,
                run TEXT REFERENCES runs(id),
                status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'partial', 'failed')),
                error TEXT,
                seconds REAL NOT NULL DEFAULT 0,
                updated TEXT NOT NULL,
                PRIMARY KEY (batch, position)
            )""",
        ],
    ),
]
LATEST_SCHEMA = MIGRATIONS[-1][0]


# --- rows ------------------------------------------------------------------------------------------


class RunInfo(BaseModel):
    id: str
    title: str
    scenario_path: str | None
    scenario: Any
    config: Any
    status: RunStatus
    created: datetime
    finished: datetime | None
    pid: int | None
    host: str | None
    versions: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    messages: int = 0
    last_activity: datetime | None = None

    @property
    def interrupted(self) -> bool:
        """Marked running, but its process on this machine is gone (killed): resume it."""
        return (
            self.status == "running"
            and self.host == socket.gethostname()
            and self.pid is not None
            and not pid_alive(self.pid)
        )

    @property
    def shown_status(self) -> str:
        return "interrupted" if self.interrupted else self.status

    @property
    def duration_s(self) -> float | None:
        end = self.finished or (self.last_activity if self.interrupted else datetime.now(timezone.utc))
        return None if end is None else (end - self.created).total_seconds()


class VersionInfo(BaseModel):
    run: str
    number: int
    parent: int | None
    reason: str
    changes: Any
    status: RunStatus
    created: datetime
    finished: datetime | None


class SceneRecord(BaseModel):
    run: str
    version: int
    index: int
    spec: Any
    inputs_hash: str | None
    status: str
    verdict: str | None
    result: Any
    updated: datetime
    picture_hash: str | None = None  # None for scenes made before schema 2: their sound cannot be made apart


class Event(BaseModel):
    """One chat message or event (consensus, verdict, user turn...)."""

    kind: Literal["event"] = "event"
    id: int
    run: str
    version: int
    scene: int | None
    round: int | None
    agent: str
    type: str
    text: str
    payload: Any
    tokens_in: int | None
    tokens_out: int | None
    cached_tokens: int | None
    latency_s: float | None
    model: str | None
    created: datetime
    idem_key: str


class ToolCall(BaseModel):
    kind: Literal["tool_call"] = "tool_call"
    id: int
    run: str
    version: int
    scene: int | None
    round: int | None
    agent: str
    name: str
    arguments: Any
    result: Any
    duration_s: float | None
    error: str | None
    created: datetime
    idem_key: str


class Score(BaseModel):
    kind: Literal["score"] = "score"
    id: int
    run: str
    version: int
    scene: int | None
    round: int | None
    candidate: int | None
    metric: str
    value: float
    created: datetime
    idem_key: str


class Artifact(BaseModel):
    id: int
    run: str
    path: str
    sha256: str
    inputs_hash: str | None
    kind: str
    size: int | None
    created: datetime


BatchStoryStatus = Literal["pending", "running", "done", "partial", "failed"]


class BatchStory(BaseModel):
    """One story of a batch: where it came from, the scenario it is filmed from, its run and how it went."""

    batch: str
    position: int  # 1-based, in the order of the input
    story_id: str
    source: str | None  # the scenario file or input it was read from
    scenario: Any  # the Scenario as JSON; None when the story could not be read (see `error`)
    run: str | None
    status: BatchStoryStatus
    error: str | None
    seconds: float  # wall time spent filming it, over every attempt
    updated: datetime


class BatchInfo(BaseModel):
    id: str
    input: str
    options: Any
    created: datetime
    finished: datetime | None
    stories: list[BatchStory] = []


# --- helpers ---------------------------------------------------------------------------------------


def now_iso() -> str:
    """UTC with microseconds; ISO text sorts in time order."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _dumps(obj: Any) -> str | None:
    return None if obj is None else json.dumps(obj, default=to_jsonable_python, ensure_ascii=False)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def idem_key(run: str, version: int, scene: int | None, round: int | None, step: str | int) -> str:
    """The idempotency key of one append: where it happens plus a step name that is the same
    when the step is replayed (e.g. 'msg-3', 'render-candidates', 'critic-score').

    >>> idem_key("mia-3f9a", 1, 2, 1, "msg-0")
    'mia-3f9a/v1/s2/r1/msg-0'
    """
    s = "pre" if scene is None else str(scene)
    r = "-" if round is None else str(round)
    return f"{run}/v{version}/s{s}/r{r}/{step}"


_make_idem_key = idem_key  # for methods whose `idem_key` parameter hides the function


@contextmanager
def _opening_lock(db: Path) -> Iterator[None]:
    """Hold an exclusive lock on `<db>.lock` while a process opens and migrates the database.

    SQLite's busy timeout does not cover every step of a first open: switching a new file
    to WAL while another process has it open answers "database is locked" at once. Two
    processes starting on an empty state directory take turns here instead.
    """
    with open(db.with_name(db.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class RunStore:
    """The SQLite run store at `path` (usually `<home>/animdirector.db`, see `RunStore.at_home`).

    One connection per store object, usable from several threads (a lock serialises calls);
    open one store per process. Each call commits on its own, so a killed process loses
    at most the call in flight.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn = self._open()

    @classmethod
    def at_home(cls, home: str | os.PathLike) -> "RunStore":
        """The store of a state directory (`Config().home()`)."""
        Path(home).mkdir(parents=True, exist_ok=True)
        return cls(db_path(home))

    # --- opening and migrating -----------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        path = self.path
        if path.is_dir():
            raise CorruptDatabase(f"{path}: is a folder, not an animdirector database")
        path.parent.mkdir(parents=True, exist_ok=True)
        # SQLite itself tells a file that is not a database ("file is not a database") before writing
        # anything. Never open the file with a second descriptor to look: closing it would drop the
        # POSIX locks of every SQLite connection this process has on it, and the next connection
        # to close would think it was the last one and delete the -wal and -shm files under the
        # others ("disk I/O error").
        with _opening_lock(path):
            return self._connect_and_migrate(path)

    def _connect_and_migrate(self, path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Read before any write: a refused file must stay byte-for-byte as it was.
            current = self._schema_version(conn)
            if current and path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
                problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError("; ".join(problems))
            if current > LATEST_SCHEMA:
                raise NewerSchema(
                    f"{path}: written by a newer animdirector (schema {current}; this version knows up to "
                    f"{LATEST_SCHEMA}); it was left untouched. Upgrade animdirector, or set ANIMDIRECTOR_HOME "
                    "to another folder."
                )
            # WAL is a property of the file; switching needs exclusive access and SQLite answers
            # "database is locked" at once, without its busy handler. So switch only a new file.
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
            conn.execute("PRAGMA foreign_keys = ON")
            if current < LATEST_SCHEMA:
                self._migrate(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc):
                raise CorruptDatabase(
                    f"{path}: not a SQLite database (corrupt or some other file); it was left untouched. "
                    "Move it away, or set ANIMDIRECTOR_HOME to another folder."
                ) from None
            raise CorruptDatabase(
                f"{path}: cannot be read as an animdirector database ({exc}); it was left untouched. "
                "Move it away, or set ANIMDIRECTOR_HOME to another folder."
            ) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _schema_version(self, conn: sqlite3.Connection) -> int:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_migrations" not in tables:
            if tables - {"sqlite_sequence"}:
                raise CorruptDatabase(
                    f"{self.path}: a SQLite database, but not animdirector's (tables: {', '.join(sorted(tables))}); "
                    "it was left untouched. Set ANIMDIRECTOR_HOME to another folder."
                )
            return 0
        row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")  # one process migrates; the others wait, then see it done
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)"
            )
            current = self._schema_version(conn)
            if current > LATEST_SCHEMA:
                raise NewerSchema(f"{self.path}: written by a newer animdirector (schema {current})")
            for number, name, statements in MIGRATIONS:
                if number <= current:
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
                    (number, name, now_iso()),
                )
                log.info("%s: applied migration %d (%s)", self.path, number, name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        with self._lock:
            return self._schema_version(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "RunStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once, so two writers never deadlock on an upgrade)."""
        with self._lock, self._named_errors():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _named_errors(self) -> Iterator[None]:
        """Damage found after opening (past the quick check) still names the file."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            text = str(exc)
            if "malformed" in text or "not a database" in text or "corrupt" in text:
                raise CorruptDatabase(f"{self.path}: damaged ({text}); move it away, or set ANIMDIRECTOR_HOME "
                                      "to another folder") from None
            raise

    def _query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self._lock, self._named_errors():
            cur = self._conn.cursor()
            cur.row_factory = sqlite3.Row
            return cur.execute(sql, params).fetchall()

    def _write(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> sqlite3.Cursor:
        with self._lock, self._named_errors():
            return self._conn.execute(sql, params)

    # --- runs ------------------------------------------------------------------------------------

    def create_run(
        self,
        title: str,
        scenario: Any = None,
        config: Any = None,
        scenario_path: str | os.PathLike | None = None,
        run_id: str | None = None,
        reason: str = "first cut",
    ) -> RunInfo:
        """A new run (status 'running', owned by this process) with its version 1.

        The id is readable and unique: the title's slug plus 4 random hex digits,
        e.g. 'mia-and-the-lost-kite-3f9a'. `scenario` and `config` are stored as JSON
        (pydantic models are dumped)."""
        scenario_json = _dumps(to_jsonable_python(scenario) if scenario is not None else {})
        config_json = _dumps(to_jsonable_python(config) if config is not None else {})
        path = None if scenario_path is None else str(Path(scenario_path).resolve())
        created = now_iso()
        for attempt in range(50):
            candidate = run_id or f"{slugify(title)}-{secrets.token_hex(2 if attempt < 20 else 4)}"
            try:
                with self._tx() as conn:
                    conn.execute(
                        "INSERT INTO runs (id, title, scenario_path, scenario_json, config_json, status, created, pid, host)"
                        " VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)",
                        (candidate, title, path, scenario_json, config_json, created, os.getpid(), socket.gethostname()),
                    )
                    conn.execute(
                        "INSERT INTO versions (run, number, parent, reason, changes_json, status, created)"
                        " VALUES (?, 1, NULL, ?, '{}', 'running', ?)",
                        (candidate, reason, created),
                    )
            except sqlite3.IntegrityError:
                if run_id:
                    raise StoreError(f"a run with id {run_id!r} already exists in {self.path}") from None
                continue
            return self.get_run(candidate)
        raise StoreError(f"could not find a free run id for {title!r} in {self.path}")

    _RUN_SELECT = """
        SELECT r.*,
            (SELECT COUNT(*) FROM versions v WHERE v.run = r.id) AS n_versions,
            (SELECT COALESCE(SUM(tokens_in), 0) FROM events e WHERE e.run = r.id) AS sum_in,
            (SELECT COALESCE(SUM(tokens_out), 0) FROM events e WHERE e.run = r.id) AS sum_out,
            (SELECT COUNT(*) FROM events e WHERE e.run = r.id) AS n_events,
            (SELECT MAX(created) FROM events e WHERE e.run = r.id) AS last_event
        FROM runs r
    """

    @staticmethod
    def _run(row: sqlite3.Row) -> RunInfo:
        return RunInfo(
            id=row["id"],
            title=row["title"],
            scenario_path=row["scenario_path"],
            scenario=_loads(row["scenario_json"]),
            config=_loads(row["config_json"]),
            status=row["status"],
            created=row["created"],
            finished=row["finished"],
            pid=row["pid"],
            host=row["host"],
            versions=row["n_versions"],
            tokens_in=row["sum_in"],
            tokens_out=row["sum_out"],
            messages=row["n_events"],
            last_activity=row["last_event"],
        )

    def list_runs(self, limit: int | None = None, scenario_path: str | os.PathLike | None = None) -> list[RunInfo]:
        """Runs, newest first (optionally only those of one scenario file)."""
        sql, params = self._RUN_SELECT, []
        if scenario_path is not None:
            sql += " WHERE r.scenario_path = ?"
            params.append(str(Path(scenario_path).resolve()))
        sql += " ORDER BY r.created DESC, r.rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self._run(row) for row in self._query(sql, params)]

    def get_run(self, run_id: str) -> RunInfo:
        """The run with this id, or the only run whose id starts with it; else `UnknownRun`
        whose message lists the recent runs."""
        rows = self._query(self._RUN_SELECT + " WHERE r.id = ?", (run_id,))
        if not rows and run_id:
            like = run_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self._query(self._RUN_SELECT + " WHERE r.id LIKE ? ESCAPE '\\'", (like,))
            if len(rows) > 1:
                ids = ", ".join(sorted(r["id"] for r in rows))
                raise UnknownRun(f"run id {run_id!r} is ambiguous: it starts {ids}")
        if not rows:
            recent = self.list_runs(limit=5)
            if recent:
                listing = "\n".join(f"  {r.id}  {r.title}  ({r.created:%Y-%m-%d %H:%M}, {r.shown_status})" for r in recent)
                msg = f"no run {run_id!r} in {self.path}; recent runs:\n{listing}"
            else:
                msg = f"no run {run_id!r} in {self.path}: there are no runs yet (start one with `animdirector run`)"
            raise UnknownRun(msg)
        return self._run(rows[0])

    def set_run_status(self, run_id: str, status: RunStatus) -> None:
        """Set a run's status; any status but 'running' also stamps `finished`. 'running' claims the
        run for this process (used when resuming)."""
        self._check_status(status)
        self.get_run(run_id)
        if status == "running":
            self._write(
                "UPDATE runs SET status = 'running', finished = NULL, pid = ?, host = ? WHERE id = ?",
                (os.getpid(), socket.gethostname(), run_id),
            )
        else:
            self._write("UPDATE runs SET status = ?, finished = ? WHERE id = ?", (status, now_iso(), run_id))

    def unfinished_runs(self, scenario_path: str | os.PathLike | None = None) -> list[RunInfo]:
        """Runs that can be resumed (not done, and not running in a live process), newest first."""
        return [
            r
            for r in self.list_runs(scenario_path=scenario_path)
            if r.status in ("failed", "partial") or r.interrupted
        ]

    @staticmethod
    def _check_status(status: str) -> None:
        if status not in RUN_STATUSES:
            raise ValueError(f"status {status!r}: allowed are {', '.join(RUN_STATUSES)}")

    # --- versions --------------------------------------------------------------------------------

    def add_version(self, run_id: str, reason: str, changes: Any = None, parent: int | None = None) -> int:
        """A new version of the run (number = last + 1; parent defaults to the last); returns its number."""
        self.get_run(run_id)
        with self._tx() as conn:
            last = conn.execute("SELECT MAX(number) FROM versions WHERE run = ?", (run_id,)).fetchone()[0] or 0
            number = last + 1
            conn.execute(
                "INSERT INTO versions (run, number, parent, reason, changes_json, status, created)"
                " VALUES (?, ?, ?, ?, ?, 'running', ?)",
                (run_id, number, last if parent is None else parent, reason, _dumps(changes or {}), now_iso()),
            )
        return number

    def set_version_status(self, run_id: str, number: int, status: RunStatus) -> None:
        self._check_status(status)
        finished = None if status == "running" else now_iso()
        cur = self._write(
            "UPDATE versions SET status = ?, finished = ? WHERE run = ? AND number = ?",
            (status, finished, run_id, number),
        )
        if cur.rowcount == 0:
            raise StoreError(f"run {run_id!r} has no version {number}")

    def versions(self, run_id: str) -> list[VersionInfo]:
        self.get_run(run_id)
        rows = self._query("SELECT * FROM versions WHERE run = ? ORDER BY number", (run_id,))
        return [
            VersionInfo(
                run=r["run"],
                number=r["number"],
                parent=r["parent"],
                reason=r["reason"],
                changes=_loads(r["changes_json"]),
                status=r["status"],
                created=r["created"],
                finished=r["finished"],
            )
            for r in rows
        ]

    def latest_version(self, run_id: str) -> int:
        row = self._query("SELECT MAX(number) AS n FROM versions WHERE run = ?", (run_id,))
        if not row or row[0]["n"] is None:
            self.get_run(run_id)  # raises UnknownRun
            raise StoreError(f"run {run_id!r} has no versions")
        return int(row[0]["n"])

    # --- scenes ----------------------------------------------------------------------------------

    def put_scene(
        self,
        run_id: str,
        version: int,
        index: int,
        spec: Any = None,
        status: str = "pending",
        verdict: str | None = None,
        inputs_hash: str | None = None,
        result: Any = None,
        picture_hash: str | None = None,
    ) -> None:
        """Insert or update one scene of a version (the last call wins; `spec`/`result` None keep what is stored)."""
        self._write(
            """INSERT INTO scenes (run, version, idx, spec_json, inputs_hash, status, verdict, result_json, updated,
                                  picture_hash)
               VALUES (?, ?, ?, COALESCE(?, '{}'), ?, ?, ?, COALESCE(?, '{}'), ?, ?)
               ON CONFLICT (run, version, idx) DO UPDATE SET
                 spec_json = COALESCE(?, spec_json),
                 inputs_hash = COALESCE(excluded.inputs_hash, inputs_hash),
                 picture_hash = COALESCE(excluded.picture_hash, picture_hash),
                 status = excluded.status,
                 verdict = COALESCE(excluded.verdict, verdict),
                 result_json = COALESCE(?, result_json),
                 updated = excluded.updated""",
            (
                run_id, version, index, _dumps(spec), inputs_hash, status, verdict, _dumps(result), now_iso(),
                picture_hash, _dumps(spec), _dumps(result),
            ),
        )

    def scenes(self, run_id: str, version: int | None = None) -> list[SceneRecord]:
        sql, params = "SELECT * FROM scenes WHERE run = ?", [run_id]
        if version is not None:
            sql += " AND version = ?"
            params.append(version)
        rows = self._query(sql + " ORDER BY version, idx", params)
        return [
            SceneRecord(
                run=r["run"], version=r["version"], index=r["idx"], spec=_loads(r["spec_json"]),
                inputs_hash=r["inputs_hash"], status=r["status"], verdict=r["verdict"],
                result=_loads(r["result_json"]), updated=r["updated"], picture_hash=r["picture_hash"],
            )
            for r in rows
        ]

    def find_scene(self, run_id: str, inputs_hash: str, status: str = "done", *, picture: bool = False) -> SceneRecord | None:
        """A scene of any version of this run with these inputs and status (newest version first):
        a revision reuses it instead of filming it again. `picture`: match the hash of what
        decides the picture alone (a scene whose sound alone changed keeps its clip)."""
        column = "picture_hash" if picture else "inputs_hash"
        rows = self._query(
            f"SELECT version, idx FROM scenes WHERE run = ? AND {column} = ? AND status = ?"
            " ORDER BY version DESC LIMIT 1",
            (run_id, inputs_hash, status),
        )
        if not rows:
            return None
        return next(s for s in self.scenes(run_id, rows[0]["version"]) if s.index == rows[0]["idx"])

    # --- appends (idempotent) --------------------------------------------------------------------

    def add_message(
        self,
        run_id: str,
        version: int,
        agent: str,
        text: str,
        *,
        idem_key: str,
        scene: int | None = None,
        round: int | None = None,
        type: str = "message",
        payload: Any = None,
        tokens_in: int | None = None,
        tokens_out: int | None = None,
        cached_tokens: int | None = None,
        latency_s: float | None = None,
        model: str | None = None,
    ) -> bool:
        """Record one chat message or event; True if it was new, False if `idem_key` was already recorded."""
        if not idem_key:
            raise ValueError("add_message needs an idem_key (see memory.store.idem_key)")
        cur = self._write(
            """INSERT OR IGNORE INTO events (run, version, scene, round, agent, type, text, payload_json,
                 tokens_in, tokens_out, cached_tokens, latency_s, model, created, idem_key)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                run_id, version, scene, round, agent, type, text, _dumps(payload),
                tokens_in, tokens_out, cached_tokens, latency_s, model, now_iso(), idem_key,
            ),
        )
        return cur.rowcount == 1

    add_event = add_message

    def add_tool_call(
        self,
        run_id: str,
        version: int,
        name: str,
        arguments: Any,
        *,
        idem_key: str,
        result: Any = None,
        error: str | None = None,
        duration_s: float | None = None,
        agent: str = "",
        scene: int | None = None,
        round: int | None = None,
    ) -> bool:
        """Record one tool call with its result or error; True if new."""
        if not idem_key:
            raise ValueError("add_tool_call needs an idem_key (see memory.store.idem_key)")
        cur = self._write(
            """INSERT OR IGNORE INTO tool_calls (run, version, scene, round, agent, name, arguments_json,
                 result_json, duration_s, error, created, idem_key)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                run_id, version, scene, round, agent, name, _dumps(arguments if arguments is not None else {}),
                _dumps(result), duration_s, error, now_iso(), idem_key,
            ),
        )
        return cur.rowcount == 1

    def add_score(
        self,
        run_id: str,
        version: int,
        metric: str,
        value: float,
        *,
        scene: int | None = None,
        round: int | None = None,
        candidate: int | None = None,
        idem_key: str | None = None,
    ) -> bool:
        """Record one score; the default idem_key is its place + candidate + metric, so a replay adds nothing."""
        key = idem_key or (
            _make_idem_key(run_id, version, scene, round, f"score/{'-' if candidate is None else candidate}/{metric}")
        )
        cur = self._write(
            """INSERT OR IGNORE INTO scores (run, version, scene, round, candidate, metric, value, created, idem_key)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (run_id, version, scene, round, candidate, metric, float(value), now_iso(), key),
        )
        return cur.rowcount == 1

    # --- resume ----------------------------------------------------------------------------------

    def has_event(self, idem_key: str) -> bool:
        """Whether a message, tool call or score with this key is recorded (the step is done)."""
        rows = self._query(
            "SELECT 1 FROM events WHERE idem_key = ? UNION ALL SELECT 1 FROM tool_calls WHERE idem_key = ?"
            " UNION ALL SELECT 1 FROM scores WHERE idem_key = ? LIMIT 1",
            (idem_key, idem_key, idem_key),
        )
        return bool(rows)

    def get_event(self, idem_key: str) -> Event | None:
        """The recorded message with this key (a resumed run can reuse an LLM answer instead of asking again)."""
        rows = self._query("SELECT * FROM events WHERE idem_key = ?", (idem_key,))
        return self._event(rows[0]) if rows else None

    def get_tool_call(self, idem_key: str) -> ToolCall | None:
        rows = self._query("SELECT * FROM tool_calls WHERE idem_key = ?", (idem_key,))
        return self._tool_call(rows[0]) if rows else None

    def completed_steps(self, run_id: str, version: int | None = None) -> set[str]:
        """The idem_keys of everything recorded for the run (or one version of it)."""
        where, params = "run = ?", [run_id]
        if version is not None:
            where += " AND version = ?"
            params.append(version)
        rows = self._query(
            f"SELECT idem_key FROM events WHERE {where} UNION SELECT idem_key FROM tool_calls WHERE {where}"
            f" UNION SELECT idem_key FROM scores WHERE {where}",
            params * 3,
        )
        return {r["idem_key"] for r in rows}

    def save_team_state(self, run_id: str, version: int, scene: int | None, state: Any) -> None:
        """The AutoGen team's `save_state()` for a scene (None: the pre-production team); last call wins."""
        self._write(
            """INSERT INTO team_state (run, version, scene, state_json, updated) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (run, version, scene) DO UPDATE SET state_json = excluded.state_json,
                 updated = excluded.updated""",
            (run_id, version, -1 if scene is None else scene, _dumps(state), now_iso()),
        )

    def load_team_state(self, run_id: str, version: int, scene: int | None) -> Any | None:
        rows = self._query(
            "SELECT state_json FROM team_state WHERE run = ? AND version = ? AND scene = ?",
            (run_id, version, -1 if scene is None else scene),
        )
        return _loads(rows[0]["state_json"]) if rows else None

    # --- artifacts -------------------------------------------------------------------------------

    def add_artifact(
        self,
        run_id: str,
        path: str | os.PathLike,
        kind: str,
        inputs_hash: str | None = None,
        sha256: str | None = None,
    ) -> Artifact:
        """Record a finished file (its SHA-256 is computed unless given); recording it again updates it."""
        path = Path(path).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"artifact {path} does not exist; write it (atomically) before recording it")
        digest = sha256 or sha256_file(path)
        self._write(
            """INSERT INTO artifacts (run, path, sha256, inputs_hash, kind, size, created) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (run, path) DO UPDATE SET sha256 = excluded.sha256, inputs_hash = excluded.inputs_hash,
                 kind = excluded.kind, size = excluded.size""",
            (run_id, str(path), digest, inputs_hash, kind, path.stat().st_size, now_iso()),
        )
        return self._artifact(self._query("SELECT * FROM artifacts WHERE run = ? AND path = ?", (run_id, str(path)))[0])

    def artifacts(self, run_id: str, kind: str | None = None) -> list[Artifact]:
        sql, params = "SELECT * FROM artifacts WHERE run = ?", [run_id]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        return [self._artifact(r) for r in self._query(sql + " ORDER BY id", params)]

    def find_artifact(self, run_id: str, inputs_hash: str, kind: str) -> Artifact | None:
        """A recorded artifact made from these inputs whose file is still there and unchanged."""
        rows = self._query(
            "SELECT * FROM artifacts WHERE run = ? AND inputs_hash = ? AND kind = ? ORDER BY id DESC",
            (run_id, inputs_hash, kind),
        )
        for row in rows:
            art = self._artifact(row)
            if Path(art.path).is_file() and sha256_file(art.path) == art.sha256:
                return art
        return None

    def verify_artifacts(self, run_id: str) -> list[str]:
        """Problems with the run's recorded files (missing, or content not matching its SHA-256); [] if none."""
        problems = []
        for art in self.artifacts(run_id):
            if not Path(art.path).is_file():
                problems.append(f"{art.path}: missing")
            elif sha256_file(art.path) != art.sha256:
                problems.append(f"{art.path}: SHA-256 differs from the recorded {art.sha256[:12]}")
        return problems

    # --- batches ---------------------------------------------------------------------------------

    def create_batch(self, input: str, options: Any, stories: list[dict[str, Any]]) -> BatchInfo:
        """A new batch and its stories, in one transaction (a crash leaves all of it or none).

        Each story is a dict with `story_id`, and optionally `source`, `scenario` (JSON-able) and
        `error` (a story that could not be read is recorded failed, with why). The id is the input's
        slug plus 4 random hex digits, e.g. 'stories-dev-3f9a'."""
        created = now_iso()
        for attempt in range(50):
            batch_id = f"{slugify(Path(input).stem or 'batch')}-{secrets.token_hex(2 if attempt < 20 else 4)}"
            try:
                with self._tx() as conn:
                    conn.execute(
                        "INSERT INTO batches (id, input, options_json, created) VALUES (?, ?, ?, ?)",
                        (batch_id, input, _dumps(options or {}), created),
                    )
                    for position, story in enumerate(stories, start=1):
                        conn.execute(
                            "INSERT INTO batch_stories (batch, position, story_id, source, scenario_json, status,"
                            " error, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (batch_id, position, str(story["story_id"]), story.get("source"),
                             _dumps(story.get("scenario")), "failed" if story.get("error") else "pending",
                             story.get("error"), created),
                        )
            except sqlite3.IntegrityError:
                continue
            return self.get_batch(batch_id)
        raise StoreError(f"could not find a free batch id for {input!r} in {self.path}")

    def get_batch(self, batch_id: str) -> BatchInfo:
        """The batch with this id (or the only one whose id starts with it) and its stories; else
        `UnknownBatch`, whose message lists the recent batches."""
        rows = self._query("SELECT * FROM batches WHERE id = ?", (batch_id,))
        if not rows and batch_id:
            like = batch_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self._query("SELECT * FROM batches WHERE id LIKE ? ESCAPE '\\'", (like,))
            if len(rows) > 1:
                raise UnknownBatch(f"batch id {batch_id!r} is ambiguous: it starts {', '.join(sorted(r['id'] for r in rows))}")
        if not rows:
            recent = self.list_batches(limit=5)
            listing = "".join(f"\n  {b.id}  {b.input}  ({b.created:%Y-%m-%d %H:%M})" for b in recent)
            raise UnknownBatch(f"no batch {batch_id!r} in {self.path}" + (f"; recent batches:{listing}" if recent else
                               ": there are no batches yet (start one with `animdirector batch`)"))
        row = rows[0]
        stories = self._query("SELECT * FROM batch_stories WHERE batch = ? ORDER BY position", (row["id"],))
        return BatchInfo(
            id=row["id"], input=row["input"], options=_loads(row["options_json"]), created=row["created"],
            finished=row["finished"],
            stories=[
                BatchStory(batch=r["batch"], position=r["position"], story_id=r["story_id"], source=r["source"],
                           scenario=_loads(r["scenario_json"]), run=r["run"], status=r["status"], error=r["error"],
                           seconds=r["seconds"], updated=r["updated"])
                for r in stories
            ],
        )

    def list_batches(self, limit: int | None = None) -> list[BatchInfo]:
        """Batches, newest first, without their stories."""
        sql, params = "SELECT * FROM batches ORDER BY created DESC, rowid DESC", []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [
            BatchInfo(id=r["id"], input=r["input"], options=_loads(r["options_json"]), created=r["created"],
                      finished=r["finished"])
            for r in self._query(sql, params)
        ]

    def update_batch_story(
        self,
        batch_id: str,
        position: int,
        status: BatchStoryStatus,
        *,
        run: str | None = None,
        error: str | None = None,
        add_seconds: float = 0.0,
    ) -> None:
        """Record how one story of a batch stands. `run` None keeps the recorded run; `error` is
        replaced (None clears it: a story that succeeds on resume has no error)."""
        if status not in ("pending", "running", "done", "partial", "failed"):
            raise ValueError(f"status {status!r}: allowed are pending, running, done, partial, failed")
        cur = self._write(
            "UPDATE batch_stories SET status = ?, run = COALESCE(?, run), error = ?, seconds = seconds + ?, updated = ?"
            " WHERE batch = ? AND position = ?",
            (status, run, error, float(add_seconds), now_iso(), batch_id, position),
        )
        if cur.rowcount == 0:
            raise StoreError(f"batch {batch_id!r} has no story {position}")

    def set_batch_finished(self, batch_id: str, finished: bool = True) -> None:
        """Stamp the batch finished (every story tried), or clear the stamp when it is resumed."""
        self._write("UPDATE batches SET finished = ? WHERE id = ?", (now_iso() if finished else None, batch_id))

    # --- reading the transcript ------------------------------------------------------------------

    @staticmethod
    def _where(
        run_id: str,
        version: int | None,
        scene: int | str | None,
        round: int | None,
        extra: dict[str, Any] | None = None,
    ) -> tuple[str, list[Any]]:
        clauses, params = ["run = ?"], [run_id]
        if version is not None:
            clauses.append("version = ?")
            params.append(version)
        if scene == PRE:
            clauses.append("scene IS NULL")
        elif scene is not None:
            clauses.append("scene = ?")
            params.append(int(scene))
        if round is not None:
            clauses.append("round = ?")
            params.append(round)
        for column, value in (extra or {}).items():
            if value is not None:
                if column == "agent":
                    clauses.append("agent = ? COLLATE NOCASE")
                else:
                    clauses.append(f"{column} = ?")
                params.append(value)
        return " AND ".join(clauses), params

    @staticmethod
    def _tail(sql: str, params: list[Any], limit: int | None) -> tuple[str, list[Any]]:
        """Chronological order; with a limit, the last `limit` rows (like `tail -n`)."""
        if limit is None:
            return sql + " ORDER BY id", params
        return f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT ?) ORDER BY id", [*params, int(limit)]

    def messages(
        self,
        run_id: str,
        version: int | None = None,
        scene: int | str | None = None,
        agent: str | None = None,
        round: int | None = None,
        type: str | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Messages and events in the order they happened; filters combine; `scene=PRE` selects
        pre-production; `limit` keeps the last N."""
        where, params = self._where(run_id, version, scene, round, {"agent": agent, "type": type})
        sql, params = self._tail(f"SELECT * FROM events WHERE {where}", params, limit)
        return [self._event(r) for r in self._query(sql, params)]

    def tool_calls(
        self,
        run_id: str,
        version: int | None = None,
        scene: int | str | None = None,
        agent: str | None = None,
        round: int | None = None,
        name: str | None = None,
        limit: int | None = None,
    ) -> list[ToolCall]:
        where, params = self._where(run_id, version, scene, round, {"agent": agent, "name": name})
        sql, params = self._tail(f"SELECT * FROM tool_calls WHERE {where}", params, limit)
        return [self._tool_call(r) for r in self._query(sql, params)]

    def scores(
        self,
        run_id: str,
        version: int | None = None,
        scene: int | str | None = None,
        round: int | None = None,
        candidate: int | None = None,
        metric: str | None = None,
        limit: int | None = None,
    ) -> list[Score]:
        where, params = self._where(run_id, version, scene, round, {"candidate": candidate, "metric": metric})
        sql, params = self._tail(f"SELECT * FROM scores WHERE {where}", params, limit)
        return [self._score(r) for r in self._query(sql, params)]

    def timeline(
        self,
        run_id: str,
        version: int | None = None,
        scene: int | str | None = None,
        agent: str | None = None,
        round: int | None = None,
        tools: bool = True,
        scores: bool = True,
        limit: int | None = None,
    ) -> list[Event | ToolCall | Score]:
        """Messages with tool calls and scores folded in, in time order.

        `limit` keeps the last N messages and the tool calls and scores after the first of them
        (the last N items when there are no messages). An agent filter keeps that agent's messages
        and tool calls (scores have no agent and are left out)."""
        items: list[Event | ToolCall | Score] = list(self.messages(run_id, version, scene, agent, round))
        if tools:
            items += self.tool_calls(run_id, version, scene, agent, round)
        if scores and agent is None:
            items += self.scores(run_id, version, scene, round)
        order = {"event": 0, "tool_call": 1, "score": 2}
        items.sort(key=lambda it: (it.created, order[it.kind], it.id))
        if not limit:
            return items
        events = [i for i, it in enumerate(items) if it.kind == "event"]
        if not events:
            return items[-limit:]
        return items[events[-limit] if len(events) >= limit else 0 :]

    # --- row converters --------------------------------------------------------------------------

    @staticmethod
    def _event(r: sqlite3.Row) -> Event:
        return Event(
            id=r["id"], run=r["run"], version=r["version"], scene=r["scene"], round=r["round"], agent=r["agent"],
            type=r["type"], text=r["text"], payload=_loads(r["payload_json"]), tokens_in=r["tokens_in"],
            tokens_out=r["tokens_out"], cached_tokens=r["cached_tokens"], latency_s=r["latency_s"],
            model=r["model"], created=r["created"], idem_key=r["idem_key"],
        )

    @staticmethod
    def _tool_call(r: sqlite3.Row) -> ToolCall:
        return ToolCall(
            id=r["id"], run=r["run"], version=r["version"], scene=r["scene"], round=r["round"], agent=r["agent"],
            name=r["name"], arguments=_loads(r["arguments_json"]), result=_loads(r["result_json"]),
            duration_s=r["duration_s"], error=r["error"], created=r["created"], idem_key=r["idem_key"],
        )

    @staticmethod
    def _score(r: sqlite3.Row) -> Score:
        return Score(
            id=r["id"], run=r["run"], version=r["version"], scene=r["scene"], round=r["round"],
            candidate=r["candidate"], metric=r["metric"], value=r["value"], created=r["created"],
            idem_key=r["idem_key"],
        )

    @staticmethod
    def _artifact(r: sqlite3.Row) -> Artifact:
        return Artifact(
            id=r["id"], run=r["run"], path=r["path"], sha256=r["sha256"], inputs_hash=r["inputs_hash"],
            kind=r["kind"], size=r["size"], created=r["created"],
        )
