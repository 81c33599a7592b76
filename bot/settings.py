"""All configuration in one place, read from the environment and ``.env`` (prefix NEWSBOT_).

Every field is documented in config.example.env. The bot token is a secret: it is never
printed, logged or included in error messages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from retrieval import BM25Params
from retrieval.safedir import default_cache_dir, default_state_dir

if TYPE_CHECKING:
    from retrieval.fetch import FetchOptions

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = PROJECT_ROOT / "corpus"


def _split_list(value: object) -> object:
    """Accept "a,b" or "a b" as well as a JSON list for list settings."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            try:
                return json.loads(text)
            except ValueError:
                raise ValueError("not a valid JSON list") from None
        return [part for part in text.replace(",", " ").split() if part]
    return value


class Settings(BaseSettings):
    """newsbot's settings. Environment variables are NEWSBOT_<FIELD> (e.g. NEWSBOT_BOT_TOKEN)."""

    model_config = SettingsConfigDict(env_prefix="NEWSBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    corpus_paths: Annotated[list[Path], NoDecode] = Field(default_factory=lambda: [SHIPPED_CORPUS])
    index_dir: Path | None = None
    cache_dir: Path = Field(default_factory=default_cache_dir)
    state_dir: Path = Field(default_factory=default_state_dir)
    answers_per_reply: int = Field(default=3, ge=1, le=10)
    reload_max_drop: float = Field(default=0.2, ge=0, le=1)
    preload_tagger: bool = False
    bm25_k1: float = Field(default=1.5, gt=0)
    bm25_b: float = Field(default=0.75, ge=0, le=1)
    bm25_epsilon: float = Field(default=0.25, ge=0)
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(default=8443, ge=1, le=65535)
    api_base_url: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # fetching web pages and feeds (newsbot fetch, admin links, feed polling)
    fetch_allow_private: bool = False
    fetch_timeout: float = Field(default=20.0, gt=0, le=300)
    fetch_max_mb: float = Field(default=10.0, gt=0, le=200)
    fetch_delay: float = Field(default=1.0, ge=0, le=60)
    fetch_parse_timeout: float = Field(default=30.0, gt=0, le=600)
    # the corpus keeps itself current (bot/corpus_inbox.py)
    inbox_dir: Path | None = None
    feeds: Annotated[list[str], NoDecode] = Field(default_factory=list)
    feed_interval: float = Field(default=30.0, gt=0, le=7 * 24 * 60)
    watch: bool = False
    watch_interval: float = Field(default=5.0, gt=0, le=3600)

    @field_validator("admin_ids", "corpus_paths", mode="before")
    @classmethod
    def _lists(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_chars(cls, value: SecretStr | None) -> SecretStr | None:
        secret = value.get_secret_value() if value is not None else ""
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule)")
        return value

    @field_validator("feeds", mode="before")
    @classmethod
    def _feed_list(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def fetch_options(self, **overrides: object) -> FetchOptions:
        """Limits for fetching pages and feeds; ``overrides`` (non-None) come from the command line."""
        from retrieval.fetch import FetchOptions

        values = {
            "timeout": self.fetch_timeout,
            "max_bytes": int(self.fetch_max_mb * 2**20),
            "host_delay": self.fetch_delay,
            "allow_private": self.fetch_allow_private,
            "parse_timeout": self.fetch_parse_timeout,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return FetchOptions(**values)  # type: ignore[arg-type]

    def secrets(self) -> list[str]:
        """The values that must never reach a log: the bot token and the webhook secret."""
        return [s.get_secret_value() for s in (self.bot_token, self.webhook_secret) if s is not None]

    @property
    def bm25(self) -> BM25Params:
        return BM25Params(k1=self.bm25_k1, b=self.bm25_b, epsilon=self.bm25_epsilon)

    def resolved_index_dir(self, corpus_paths: list[Path] | None = None) -> Path:
        """The index directory: the configured one, or one per corpus under the cache dir."""
        if self.index_dir is not None:
            return self.index_dir
        from retrieval.index.persist import default_index_dir

        return default_index_dir(self.cache_dir / "index", corpus_paths or self.corpus_paths)


class SettingsError(Exception):
    """A one-line description of bad configuration, naming the variable."""


def load_settings(**overrides: object) -> Settings:
    """Read settings; a malformed value raises SettingsError naming its variable (never its value)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "?"
        variable = f"NEWSBOT_{field.upper()}"
        raise SettingsError(f"invalid setting {variable}: {error['msg']}") from None
