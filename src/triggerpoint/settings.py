"""Configuration, read from TRIGGERPOINT_* environment variables and built by a function."""

from __future__ import annotations

import secrets
from datetime import tzinfo
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class Settings(BaseSettings):
    """Everything the app can be configured with; each field is TRIGGERPOINT_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="TRIGGERPOINT_", extra="ignore", frozen=True)

    mode: Literal["personal", "clinic"] = Field(
        default="personal",
        description="personal: one person, no account; clinic: sign-in, roles, clinics and an audit trail",
    )
    host: str = Field(default="127.0.0.1", description="address the web app listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="port the web app listens on")
    data_dir: Path = Field(default=Path("data"), description="folder for the local SQLite database and backups")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of another database, e.g. postgresql+psycopg://user@host/db"
    )
    migration_database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL `triggerpoint db upgrade` connects with: the tables' owner, when the app's "
        "own role owns nothing (PostgreSQL, docs/clinic.md); database_url when unset",
    )
    timezone: str | None = Field(
        default=None, description="the person's time zone (IANA name, e.g. Europe/Oslo); the machine's when unset"
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default=list(LOOPBACK_HOSTS),
        description="host names the app answers to, comma separated (others get 400: DNS rebinding)",
    )
    secret_key: str | None = Field(
        default=None, description="key that signs form tokens; kept in the data folder when unset"
    )
    max_request_bytes: int = Field(default=1_000_000, ge=1024, description="largest form or JSON body accepted")
    max_upload_bytes: int = Field(default=16_000_000, ge=1024, description="largest import file accepted")
    max_unpacked_bytes: int = Field(
        default=64_000_000, ge=1024, description="largest total size a zipped import may unpack to"
    )
    staff_idle_minutes: int = Field(
        default=15, ge=1, le=720, description="clinic staff are signed out after this idle time"
    )
    client_idle_minutes: int = Field(
        default=30, ge=1, le=720, description="clients are signed out after this idle time"
    )
    session_hours: int = Field(
        default=12, ge=1, le=168, description="any sign-in ends after this long (absolute time-out)"
    )
    behind_tls: bool = Field(
        default=False, description="served over HTTPS (a TLS proxy): Secure, __Host- cookies and HSTS"
    )
    workers: int = Field(default=1, ge=1, le=64, description="app server processes (clinic mode on PostgreSQL)")

    @property
    def clinic(self) -> bool:
        return self.mode == "clinic"

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [host.strip() for host in value.split(",") if host.strip()]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @property
    def sqlite_path(self) -> Path:
        """Where the embedded database lives when no database_url is set."""
        return self.data_dir / "triggerpoint.db"

    @property
    def url(self) -> str:
        """The database to use: database_url, or SQLite in the data folder."""
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    @property
    def migration_url(self) -> str:
        """The database migrations run on, as the role that owns the tables."""
        return self.migration_database_url or self.url

    @property
    def zone(self) -> tzinfo:
        """The person's time zone: the setting, or the machine's own."""
        if self.timezone is not None:
            return ZoneInfo(self.timezone)
        from tzlocal import get_localzone

        return get_localzone()

    def signing_key(self) -> str:
        """The form-token signing key: the setting, or one kept in the data folder (made on first use)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (used by the CLI and tests)."""
    return Settings(**overrides)  # type: ignore[arg-type]
