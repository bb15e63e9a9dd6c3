"""Configuration, read from TRIGGERPOINT_* environment variables and built by a function."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the app can be configured with; each field is TRIGGERPOINT_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="TRIGGERPOINT_", extra="ignore", frozen=True)

    host: str = Field(default="127.0.0.1", description="address the web app listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="port the web app listens on")
    data_dir: Path = Field(default=Path("data"), description="folder for the local SQLite database and backups")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of another database, e.g. postgresql+psycopg://user@host/db"
    )

    @property
    def sqlite_path(self) -> Path:
        """Where the embedded database lives when no database_url is set."""
        return self.data_dir / "triggerpoint.db"

    @property
    def url(self) -> str:
        """The database to use: database_url, or SQLite in the data folder."""
        return self.database_url or f"sqlite:///{self.sqlite_path}"


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (used by the CLI and tests)."""
    return Settings(**overrides)  # type: ignore[arg-type]
