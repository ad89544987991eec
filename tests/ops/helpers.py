"""Running manage.py, daphne and throwaway PostgreSQL databases the way an operator would."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager

import psycopg
from django.db import connection

from tests.live_server import PROJECT_ROOT, database_url
from tests.test_settings import variables_read_by_settings


def clean_environment(**variables: str) -> dict[str, str]:
    """This shell's environment without any variable the settings read, plus `variables`."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in variables_read_by_settings() and name != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(DJANGO_SETTINGS_MODULE="intranet.settings", **variables)
    return environment


def run(command: list[str], timeout: float = 300, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=PROJECT_ROOT, env=clean_environment(**variables), capture_output=True, text=True, timeout=timeout
    )


def manage(*args: str, timeout: float = 300, **variables: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], timeout=timeout, **variables)


def shared_database_url() -> str:
    """DATABASE_URL of the running test's database (its data must be committed to be seen)."""
    return database_url(connection.settings_dict)


def _admin_dsn() -> dict:
    db = connection.settings_dict
    return {
        "host": db["HOST"] or "localhost",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }


@contextmanager
def fresh_database():
    """A new, empty PostgreSQL database on the test server: yields its DATABASE_URL; dropped after."""
    name = f"ops_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**_admin_dsn()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = dict(connection.settings_dict, NAME=name)
    try:
        yield database_url(db)
    finally:
        with psycopg.connect(**_admin_dsn()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
