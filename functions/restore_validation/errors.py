"""The errors RestoreValidation raises; each names the variable or field at fault."""

from __future__ import annotations

__all__ = ["ConfigurationError", "InvalidEventError", "RestoreValidationError"]


class RestoreValidationError(Exception):
    """Base class of every RestoreValidation error."""


class ConfigurationError(RestoreValidationError):
    """An environment variable holds a value the function cannot use."""

    def __init__(self, variable: str, message: str) -> None:
        super().__init__(f"{variable}: {message}")
        self.variable = variable


class InvalidEventError(RestoreValidationError):
    """The invocation event lacks a field, or a field has the wrong form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
