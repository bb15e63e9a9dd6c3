"""Chart fixtures: each backend's schema built by the migrations; `db` is rolled back after each test."""

from __future__ import annotations

from backends import database_url, db, engine  # noqa: F401  (fixtures)
