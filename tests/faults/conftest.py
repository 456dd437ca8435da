"""Fixtures of the fault tests: a private PostgreSQL and Redis, child processes, a feed server.

The tests here stop, kill and restart PostgreSQL and Redis, so they never use the run's
own services: each session starts a private cluster and a private redis-server on spare
ports in a temporary folder (migrated once into a template database that every test
copies), and every Django process under test is a child pointed at them.
"""

import itertools
import os
import shutil

import pytest
import redis as redis_client

from tests.faults.services import (
    Children,
    FeedServer,
    PostgresServer,
    RedisServer,
    child_env,
    private_folder,
)

TEMPLATE = "faults_template"
REQUIRED = {name.strip() for name in os.environ.get("TEST_REQUIRE", "").split(",")}
_databases = itertools.count(1)


def _unavailable(what: str, why: Exception):
    """Skip for want of a program, or fail when TEST_REQUIRE promises that service."""
    message = f"the fault tests need {what}: {why}"
    if what in REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def redis_server():
    folder = private_folder("faults-redis-")
    try:
        server = RedisServer(folder)
        server.start()
    except (RuntimeError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable("redis", exc)
    yield server
    server.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server(redis_server):
    """A private cluster with a migrated template database."""
    folder = private_folder("faults-postgres-")
    try:
        server = PostgresServer(folder)
        server.init()
        server.start()
    except (RuntimeError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable("postgres", exc)
    try:
        with server.connect() as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        env = child_env(DATABASE_URL=server.url(TEMPLATE), REDIS_URL=redis_server.url())
        Children(folder, env).manage("migrate", "--noinput", timeout=180)
        yield server
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def database(postgres_server):
    """The name of a fresh database, a copy of the migrated template."""
    if not postgres_server.running():
        postgres_server.start()  # a test that failed half-way may have left it stopped
    name = f"faults_{next(_databases)}"
    with postgres_server.connect() as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return name


@pytest.fixture
def fresh_redis(redis_server):
    if not redis_server.running():
        redis_server.start()
    client = redis_client.Redis(port=redis_server.port, socket_timeout=5)
    client.flushall()
    client.close()
    return redis_server


@pytest.fixture
def feeds():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def children(postgres_server, fresh_redis, database, tmp_path):
    """Start child processes against the private servers; all are stopped afterwards."""
    env = child_env(
        DATABASE_URL=postgres_server.url(database), REDIS_URL=fresh_redis.url(), DEBUG="false"
    )
    started = Children(tmp_path, env)
    yield started
    started.stop_all()
    if postgres_server.running():
        with postgres_server.connect() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@pytest.fixture
def sql(postgres_server, database):
    """Run a query on the test's database from the test process; returns all rows."""

    def run(query: str, *params):
        with postgres_server.connect(database) as conn:
            return conn.execute(query, params).fetchall()

    return run
