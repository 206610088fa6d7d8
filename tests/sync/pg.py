"""Sync tests' name for the session's PostgreSQL server helpers: see :mod:`tests.pg` (the
``pg_server`` fixture itself comes from tests/conftest.py, one server per test session)."""

from tests.pg import new_database

__all__ = ["new_database"]
