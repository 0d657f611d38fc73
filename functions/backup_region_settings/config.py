"""Settings of the function, read once from the environment at import.

Powertools' Logger raises ValueError at import on an unknown ``POWERTOOLS_LOG_LEVEL``, and a
function that cannot be imported never answers CloudFormation; so the level is checked here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from backup_region_settings.errors import ConfigurationError

__all__ = ["ENV_LOG_LEVEL", "Settings", "load_settings"]

ENV_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True, slots=True)
class Settings:
    """``log_level``: a ``logging`` level name for Powertools and crhelper."""

    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default ``os.environ``); absent variables keep defaults.

        Raises
        ------
        ConfigurationError
            ``POWERTOOLS_LOG_LEVEL`` is not a ``logging`` level name.
        """
        env = os.environ if environ is None else environ
        text = env.get(ENV_LOG_LEVEL, "").strip()
        if not text:
            return cls()
        if text.upper() not in _LOG_LEVELS:
            raise ConfigurationError(
                ENV_LOG_LEVEL, text, f"must be one of {', '.join(_LOG_LEVELS)}"
            )
        return cls(log_level=text.upper())


def load_settings(
    environ: Mapping[str, str] | None = None,
) -> tuple[Settings, ConfigurationError | None]:
    """``Settings.from_env``, or the defaults and the error when a variable is not valid.

    The function still imports, so every request can answer FAILED with the error as Reason.
    """
    try:
        return Settings.from_env(environ), None
    except ConfigurationError as error:
        return Settings(), error
