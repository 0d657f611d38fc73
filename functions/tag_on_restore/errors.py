"""The errors TagOnRestore raises; each names the variable, field or resource at fault."""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "InvalidEventError",
    "ResourceGoneError",
    "RestoreJobIncompleteError",
    "TagOnRestoreError",
]


class TagOnRestoreError(Exception):
    """Base class of every TagOnRestore error."""


class ConfigurationError(TagOnRestoreError):
    """An environment variable holds a value the function cannot use."""

    def __init__(self, variable: str, message: str) -> None:
        super().__init__(f"{variable}: {message}")
        self.variable = variable


class InvalidEventError(TagOnRestoreError):
    """The invocation event lacks a field, or a field has the wrong form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class RestoreJobIncompleteError(TagOnRestoreError):
    """Neither the event nor AWS Backup says which resource a restore job created."""

    def __init__(self, restore_job_id: str, missing: list[str]) -> None:
        super().__init__(f"restore job {restore_job_id}: no {', '.join(missing)} in event or API")
        self.restore_job_id = restore_job_id
        self.missing = tuple(missing)


class ResourceGoneError(TagOnRestoreError):
    """The resource does not exist (any more); raised by adapters, never out of the handler."""

    def __init__(self, arn: str) -> None:
        super().__init__(f"resource not found: {arn}")
        self.arn = arn
