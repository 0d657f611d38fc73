"""Errors of the Region settings custom resource; each message names the field or call at fault."""

from __future__ import annotations

__all__ = [
    "BackupApiError",
    "ConfigurationError",
    "PropertyError",
    "RegionSettingsError",
    "failed_create_id",
]


class RegionSettingsError(Exception):
    """Base of every error this function raises on purpose."""


class PropertyError(RegionSettingsError):
    """A resource property is missing, malformed or names a type the Region does not know."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class BackupApiError(RegionSettingsError):
    """AWS Backup refused a call (after botocore's own retries)."""

    def __init__(self, operation: str, code: str, message: str) -> None:
        super().__init__(f"{operation} failed: {code}: {message}")
        self.operation = operation
        self.code = code


class ConfigurationError(RegionSettingsError):
    """An environment variable of the function is not valid; names it and its value."""

    def __init__(self, variable: str, value: str, problem: str) -> None:
        super().__init__(
            f"{variable}: {value[:40]!r} {problem} (environment variable of the function)"
        )
        self.variable = variable
        self.value = value


def failed_create_id(logical_resource_id: str, request_id: str) -> str:
    """The PhysicalResourceId of a Create that failed before it changed anything.

    Stable for one request, non-empty, at most 1 KB, and not an id ``snapshot.encode`` makes,
    so the Delete CloudFormation sends after the failed Create restores nothing. crhelper
    would answer an empty id after ``init_failure``, or invent a random one.
    """
    return f"{logical_resource_id[:255]}-not-created-{request_id[:128]}"
