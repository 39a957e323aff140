"""Every setting in one place, read from the environment with the prefix ``CREPITUS_``.

Each setting is documented in docs/settings.md, which is generated from this class.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from crepitus.emergency_numbers import NUMBERS


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

    language: str = Field(
        "en",
        description="The language `crepitus check` asks in when no --lang is given: en"
        " (English) or es (Spanish), or any other complete language pack in"
        " knowledge/data/locales (see docs/languages.md).",
    )

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        from crepitus.knowledge.locales import PSEUDO, available

        code = value.strip().lower()
        if code not in (*available(), PSEUDO):
            raise ValueError(f"expected one of {', '.join(available())}; got {value!r}")
        return code

    region: str | None = Field(
        None,
        description="Where the people using this server are, as a two-letter country code"
        " (for example ES, GB, MX, US): the emergency page then offers that country's"
        " emergency number to tap. Unset (the default): it offers 112, 911 and 999, each with"
        " where it applies.",
    )

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        code = value.strip().upper()
        if code not in NUMBERS:
            raise ValueError(
                f"expected a two-letter country code, one of {', '.join(sorted(NUMBERS))};"
                f" got {value!r}"
            )
        return code

    cds_fhir_servers: list[str] = Field(
        default_factory=list,
        description="Base URLs of the FHIR servers the CDS Hooks service may search when a"
        " call comes without the prefetch (matched by scheme, host, port and whole path"
        " segments), as a JSON list, e.g."
        ' ["https://ehr.example.org/fhir/"]. Empty (the default): it searches none, and such'
        " a call is answered 412.",
    )
    multi_user: bool = Field(
        False,
        description="Server mode: accounts, sign-in and share links (what `crepitus serve"
        " --multi-user` turns on). Needs `secret_key` and `database_url`.",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Server mode: a long random secret (at least 32 characters) that signs the"
        " forms' CSRF tokens. Keep it the same on every worker and across restarts.",
    )
    open_registration: bool = Field(
        True,
        description="Server mode: anyone who can reach the server may create an account."
        " Turn off to create accounts only with `crepitus accounts add`.",
    )
    session_hours: int = Field(
        12, ge=1, le=24 * 30, description="Server mode: how long a sign-in lasts, in hours."
    )
    login_attempts: int = Field(
        5,
        ge=1,
        le=100,
        description="Server mode: failed sign-ins allowed for one name from one network address"
        " within `lockout_minutes`; past them, each further try there must wait, a minute at"
        " first and twice as long after each failure, up to `lockout_minutes`. One address"
        " across names, and one name across addresses, get five times as many. A browser that"
        " has signed in to the name before is counted on its own, so others' guesses never slow"
        " it, and a signed-in person's own password confirmations count per session.",
    )
    lockout_minutes: int = Field(
        15,
        ge=1,
        le=24 * 60,
        description="Server mode: the window failed sign-ins are counted in, and the longest"
        " wait they can ask for.",
    )
    registrations_per_hour: int = Field(
        10,
        ge=1,
        le=10_000,
        description="Server mode: accounts one network address may try to create in an hour;"
        " more are answered 429 with Retry-After. Counted in the database, across workers.",
    )
    hashing_slots: int = Field(
        2,
        ge=1,
        le=64,
        description="Server mode: passwords one worker hashes at once (argon2id, 64 MiB each)."
        " A sign-in or sign-up that finds them all busy waits up to 5 seconds, then is answered"
        " 503 with Retry-After.",
    )
    share_max_days: int = Field(
        90,
        ge=1,
        le=365,
        description="Server mode: the longest a share link can stay open, in days.",
    )

    @property
    def database_path(self) -> Path:
        return self.data_dir / "crepitus.sqlite3"

    @property
    def database(self) -> str:
        """The database URL in use: the setting, or the SQLite file in the data folder."""
        return self.database_url or f"sqlite+pysqlite:///{self.database_path}"
