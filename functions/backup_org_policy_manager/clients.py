"""boto3 clients for one invocation: Organizations (own or assumed-role credentials) and S3.

Clients on the function's own credentials are cached for Lambda reuse; ``clear_caches``
drops them (tests call it when the endpoint changes).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from backup_org_policy_manager.config import Settings
from backup_org_policy_manager.content import ObjectReader
from backup_org_policy_manager.errors import InvalidPropertyError
from backup_org_policy_manager.organizations import Organizations
from backup_org_policy_manager.pacing import TokenBucket
from backup_org_policy_manager.retry import Retrier
from backup_org_policy_manager.s3 import S3Reader

__all__ = ["ORGANIZATIONS_CONFIG", "Connection", "clear_caches", "connect"]

# One attempt per call: retry.Retrier does all retrying, within the Lambda's time.
ORGANIZATIONS_CONFIG = Config(
    retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30
)


@dataclass(frozen=True, slots=True)
class Connection:
    """What lifecycle needs for one request."""

    organizations: Organizations
    read_object: ObjectReader


@functools.cache
def _own_organizations() -> Any:
    return boto3.client("organizations", config=ORGANIZATIONS_CONFIG)


@functools.cache
def _own_s3() -> Any:
    return boto3.client("s3")


def clear_caches() -> None:
    """Forget cached clients (they keep the endpoint and credentials they were made with)."""
    _own_organizations.cache_clear()
    _own_s3.cache_clear()


def connect(
    role_arn: str | None,
    *,
    remaining_ms: int,
    settings: Settings,
    session_name: str,
    on_retry: Callable[[str], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleeper: Callable[[float], None] = time.sleep,
) -> Connection:
    """Clients for one request; the retry deadline is ``response_margin_s`` before timeout.

    Organizations calls are paced at ``settings.requests_per_second``.

    Raises
    ------
    InvalidPropertyError
        ``ManagementRoleArn`` cannot be assumed.
    """
    retrier = Retrier(
        clock() + remaining_ms / 1000 - settings.response_margin_s,
        clock=clock,
        sleeper=sleeper,
        base_s=settings.retry_base_delay_s,
        cap_s=settings.retry_max_delay_s,
        on_retry=on_retry,
        bucket=TokenBucket(settings.requests_per_second),
    )
    client = _own_organizations() if role_arn is None else _assumed(role_arn, session_name)
    return Connection(Organizations(client, retrier), S3Reader(_own_s3()).read)


def _assumed(role_arn: str, session_name: str) -> Any:
    try:
        credentials = boto3.client("sts").assume_role(
            RoleArn=role_arn, RoleSessionName=session_name[:64]
        )["Credentials"]
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "Unknown")
        raise InvalidPropertyError(
            "ManagementRoleArn", f"cannot assume {role_arn}: {code}"
        ) from None
    except BotoCoreError as error:
        raise InvalidPropertyError(
            "ManagementRoleArn", f"cannot assume {role_arn}: {error}"
        ) from None
    session = boto3.session.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    return session.client("organizations", config=ORGANIZATIONS_CONFIG)
