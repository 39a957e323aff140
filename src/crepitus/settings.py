"""Every setting in one place, read from the environment with the prefix ``CREPITUS_``.

Each setting is documented in docs/settings.md, which is generated from this class.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("crepitus", appauthor=False))


class Settings(BaseSettings):
    """crepitus settings; each can be set as an environment variable, e.g. CREPITUS_PORT=8080."""

    model_config = SettingsConfigDict(env_prefix="CREPITUS_", extra="ignore")

    host: str = Field("127.0.0.1", description="Address `crepitus serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `crepitus serve` listens on.")
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for the local database (feedback, and later the diary).",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the database, e.g. postgresql://user@host/db;"
        " by default a SQLite file in the data folder.",
    )
    max_body_bytes: int = Field(
        65_536, ge=1_024, description="Largest request body the server accepts, in bytes."
    )
    log_format: Literal["json", "text"] = Field(
        "json",
        description="How `crepitus serve` writes its log to standard error: json (one object a"
        " line) or text (one plain line an event, for reading in a terminal).",
    )
    access_log: bool = Field(
        True,
        description="Log one line per request: time, method, route template, status, duration"
        " and request id; never the query string, body, form fields, cookies or headers.",
    )

    @property
    def database_path(self) -> Path:
        return self.data_dir / "crepitus.sqlite3"

    @property
    def database(self) -> str:
        """The database URL in use: the setting, or the SQLite file in the data folder."""
        return self.database_url or f"sqlite+pysqlite:///{self.database_path}"
