"""Settings of the function, read once from the environment (Powertools reads the rest)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from backup_org_policy_manager.errors import ConfigurationError
from backup_org_policy_manager.pacing import DEFAULT_REQUESTS_PER_SECOND

__all__ = [
    "ENV_BASE_DELAY",
    "ENV_LOG_LEVEL",
    "ENV_MAX_DELAY",
    "ENV_REQUESTS_PER_SECOND",
    "ENV_RESPONSE_MARGIN",
    "Settings",
    "load_settings",
]

ENV_BASE_DELAY = "RETRY_BASE_DELAY_SECONDS"
ENV_MAX_DELAY = "RETRY_MAX_DELAY_SECONDS"
ENV_RESPONSE_MARGIN = "RESPONSE_MARGIN_SECONDS"
ENV_REQUESTS_PER_SECOND = "ORGANIZATIONS_REQUESTS_PER_SECOND"
# Read here too: Powertools' Logger raises ValueError at import on an unknown level, and a
# function that cannot be imported never answers CloudFormation.
ENV_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True, slots=True)
class Settings:
    """How retries back off, how much time is kept to answer CloudFormation, the log level.

    Attributes
    ----------
    retry_base_delay_s
        First backoff ceiling; each retry doubles it (full jitter: sleep uniform(0, ceiling)).
    retry_max_delay_s
        Largest backoff ceiling.
    response_margin_s
        Time kept before the Lambda timeout: retries stop then, so our one response goes out
        before crhelper's own timer would send FAILED with an empty PhysicalResourceId.
    log_level
        A ``logging`` level name for Powertools and crhelper.
    requests_per_second
        Pace of this function's Organizations requests (``pacing.TokenBucket``); lower it
        when several policies or tools share the account's Organizations quota.
    """

    retry_base_delay_s: float = 0.1
    retry_max_delay_s: float = 10.0
    response_margin_s: float = 3.0
    log_level: str = "INFO"
    requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default ``os.environ``); absent variables keep defaults.

        Raises
        ------
        ConfigurationError
            A delay is not a number, is negative, the maximum is below the base, the log
            level is not a ``logging`` level name, or the request rate is not in (0, 100].
        """
        env = os.environ if environ is None else environ
        defaults = cls()
        settings = cls(
            retry_base_delay_s=_seconds(env, ENV_BASE_DELAY, defaults.retry_base_delay_s),
            retry_max_delay_s=_seconds(env, ENV_MAX_DELAY, defaults.retry_max_delay_s),
            response_margin_s=_seconds(env, ENV_RESPONSE_MARGIN, defaults.response_margin_s),
            log_level=_log_level(env, defaults.log_level),
            requests_per_second=_rate(env, defaults.requests_per_second),
        )
        if settings.retry_max_delay_s < settings.retry_base_delay_s:
            raise ConfigurationError(
                ENV_MAX_DELAY,
                env.get(ENV_MAX_DELAY, ""),
                f"must be at least {ENV_BASE_DELAY} ({settings.retry_base_delay_s:g})",
            )
        return settings


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


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigurationError(name, text, "is not a number of seconds") from None
    if not 0 <= value < float("inf"):
        raise ConfigurationError(name, text, "must be a finite number ≥ 0")
    return value


def _log_level(env: Mapping[str, str], default: str) -> str:
    text = env.get(ENV_LOG_LEVEL, "").strip()
    if not text:
        return default
    if text.upper() not in _LOG_LEVELS:
        raise ConfigurationError(ENV_LOG_LEVEL, text, f"must be one of {', '.join(_LOG_LEVELS)}")
    return text.upper()


def _rate(env: Mapping[str, str], default: float) -> float:
    text = env.get(ENV_REQUESTS_PER_SECOND, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigurationError(ENV_REQUESTS_PER_SECOND, text, "is not a number") from None
    if not 0 < value <= 100:
        raise ConfigurationError(ENV_REQUESTS_PER_SECOND, text, "must be above 0 and at most 100")
    return value
