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
    data_dir: Path = Field(default=Path("data"), description="folder for the local database and exports")


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (used by the CLI and tests)."""
    return Settings(**overrides)  # type: ignore[arg-type]
