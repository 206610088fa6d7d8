"""The session's PostgreSQL server for sync tests: see :mod:`tests.pg`."""

from tests.pg import new_database, pg_server

__all__ = ["new_database", "pg_server"]
