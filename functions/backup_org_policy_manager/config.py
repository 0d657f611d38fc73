"""Settings of the function, read once from the environment (Powertools reads its own)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from backup_org_policy_manager.errors import ConfigurationError

__all__ = ["ENV_BASE_DELAY", "ENV_MAX_DELAY", "ENV_RESPONSE_MARGIN", "Settings"]

ENV_BASE_DELAY = "RETRY_BASE_DELAY_SECONDS"
ENV_MAX_DELAY = "RETRY_MAX_DELAY_SECONDS"
ENV_RESPONSE_MARGIN = "RESPONSE_MARGIN_SECONDS"


@dataclass(frozen=True, slots=True)
class Settings:
    """How retries back off and how much time is kept to answer CloudFormation.

    Attributes
    ----------
    retry_base_delay_s
        First backoff ceiling; each retry doubles it (full jitter: sleep uniform(0, ceiling)).
    retry_max_delay_s
        Largest backoff ceiling.
    response_margin_s
        Time kept before the Lambda timeout: retries stop then, so our one response goes out
        before crhelper's own timer would send FAILED with an empty PhysicalResourceId.
    """

    retry_base_delay_s: float = 0.1
    retry_max_delay_s: float = 10.0
    response_margin_s: float = 3.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default ``os.environ``); absent variables keep defaults.

        Raises
        ------
        ConfigurationError
            A variable is not a number, is negative, or the maximum is below the base.
        """
        env = os.environ if environ is None else environ
        defaults = cls()
        settings = cls(
            retry_base_delay_s=_seconds(env, ENV_BASE_DELAY, defaults.retry_base_delay_s),
            retry_max_delay_s=_seconds(env, ENV_MAX_DELAY, defaults.retry_max_delay_s),
            response_margin_s=_seconds(env, ENV_RESPONSE_MARGIN, defaults.response_margin_s),
        )
        if settings.retry_max_delay_s < settings.retry_base_delay_s:
            raise ConfigurationError(f"{ENV_MAX_DELAY} must be at least {ENV_BASE_DELAY}")
        return settings


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigurationError(f"{name}: {text!r} is not a number of seconds") from None
    if not 0 <= value < float("inf"):
        raise ConfigurationError(f"{name}: must be a finite number ≥ 0, got {text!r}")
    return value
