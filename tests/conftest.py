"""Shared fixtures. Only this file holds fixtures used across test modules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True, scope="session")
def _no_dotenv():
    """Tests see the environment they set, never a developer's `.env` file."""
    from bot.settings import Settings

    saved = Settings.model_config.get("env_file")
    Settings.model_config["env_file"] = None
    yield
    Settings.model_config["env_file"] = saved


@pytest.fixture
def root_logging_restored():
    """For tests that call the CLI's `main`, which sets up the process's logging as a command does:
    later tests get theirs back."""
    import logging

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model, loaded once for the whole run."""
    from bot.nlp import load_nlp
    from bot.settings import Settings

    return load_nlp(Settings().spacy_model)


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Raw seed files by name, exactly as scraped."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


# --- databases: a real SQLite file, and a real PostgreSQL server started from the machine's binaries ----


def _pg_bin(name: str) -> str | None:
    import glob
    import shutil

    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


# A cluster of a whole run holds ~100 test databases; in memory it is made and removed in seconds (on this
# machine's disk, removing one after a run took 23-57 s).
PG_MEMORY_FOLDER, PG_MEMORY_MIN_FREE = Path("/dev/shm"), 4 << 30


def _memory_folder() -> str | None:
    """/dev/shm when it is a folder with room to spare; else None (the usual temporary folder)."""
    import shutil

    try:
        room = shutil.disk_usage(PG_MEMORY_FOLDER).free
    except OSError:
        return None
    return str(PG_MEMORY_FOLDER) if room >= PG_MEMORY_MIN_FREE else None


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster on a free loopback port; yields its base URL (no database part).

    initdb refuses to run as root, so as root the cluster is made and run by the `postgres` user.
    """
    import os
    import shutil
    import subprocess

    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing in CI (.ci/run should have installed them)")
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not installed")
    import tempfile

    # Outside pytest's basetemp: a concurrent pytest run prunes old basetemps, cluster included.
    base = Path(tempfile.mkdtemp(prefix="newsbot-pg-", dir=_memory_folder()))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        base.chmod(0o755)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(
        [*prefix, pg_ctl, "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _new_postgres_database(request) -> str:
    """A new empty database on the test PostgreSQL server (started on first use); its URL."""
    import uuid

    import psycopg

    base = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base.replace("+psycopg", "") + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A fresh empty database: a SQLite file, or a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsbot.sqlite'}"
    return _new_postgres_database(request)


# End-to-end tests (CLI processes, the Slack app over HTTP) are too slow to run twice in every pass: they
# take `database_url`, one database chosen by NEWSBOT_TEST_DATABASE. The default pass runs them on SQLite;
# `NEWSBOT_TEST_DATABASE=postgres pytest` runs only them, on PostgreSQL (.ci/run does both passes).
TEST_DATABASE_VARIABLE = "NEWSBOT_TEST_DATABASE"
TEST_DATABASES = ("sqlite", "postgres")


def chosen_database() -> str:
    import os

    chosen = os.environ.get(TEST_DATABASE_VARIABLE, "sqlite")
    if chosen not in TEST_DATABASES:
        raise pytest.UsageError(f"{TEST_DATABASE_VARIABLE}={chosen!r}: use {' or '.join(TEST_DATABASES)}")
    return chosen


@pytest.fixture
def database_url(request, tmp_path) -> str:
    """A fresh empty database of the kind NEWSBOT_TEST_DATABASE names (default: a SQLite file)."""
    if chosen_database() == "postgres":
        return _new_postgres_database(request)
    return f"sqlite:///{tmp_path / 'newsbot.sqlite'}"


def pytest_collection_modifyitems(config, items) -> None:
    """With NEWSBOT_TEST_DATABASE=postgres, only the tests whose database follows it run: the others
    either ran on both databases already (`db_url`) or are about SQLite or no database at all."""
    if chosen_database() != "postgres":
        return
    keep = ["database_url" in getattr(item, "fixturenames", ()) for item in items]
    config.hook.pytest_deselected(items=[item for item, kept in zip(items, keep, strict=True) if not kept])
    items[:] = [item for item, kept in zip(items, keep, strict=True) if kept]
