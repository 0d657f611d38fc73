"""Errors of the Region settings custom resource; each message names the field or call at fault."""

from __future__ import annotations

__all__ = ["BackupApiError", "PropertyError", "RegionSettingsError"]


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
