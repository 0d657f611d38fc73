"""The AWS Backup edge: the two Region settings calls, with ``ClientError`` translated here.

Throttling and transient errors are retried by botocore's standard retry mode, configured
where the client is built (``app.py``), not by hand.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from backup_region_settings.errors import BackupApiError
from backup_region_settings.settings import Settings

__all__ = ["describe_region_settings", "update_region_settings"]


def _api_error(operation: str, error: ClientError) -> BackupApiError:
    details = error.response.get("Error", {})
    return BackupApiError(operation, details.get("Code", "Unknown"), details.get("Message", ""))


def describe_region_settings(client: Any) -> Settings:
    """The Region's current preferences."""
    try:
        answer = client.describe_region_settings()
    except ClientError as error:
        raise _api_error("DescribeRegionSettings", error) from error
    return Settings(
        dict(answer.get("ResourceTypeOptInPreference") or {}),
        dict(answer.get("ResourceTypeManagementPreference") or {}),
    )


def update_region_settings(client: Any, change: Settings) -> None:
    """Send the keys of ``change``; nothing is sent when it is empty."""
    if not change:
        return
    arguments: dict[str, dict[str, bool]] = {}
    if change.opt_in:
        arguments["ResourceTypeOptInPreference"] = dict(change.opt_in)
    if change.management:
        arguments["ResourceTypeManagementPreference"] = dict(change.management)
    try:
        client.update_region_settings(**arguments)
    except ClientError as error:
        raise _api_error("UpdateRegionSettings", error) from error
