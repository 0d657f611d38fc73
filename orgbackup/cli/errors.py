"""Errors the CLI turns into exit code 2: a command that could not run at all."""

from __future__ import annotations

__all__ = ["AwsReadError", "CliError", "InputFileError"]


class CliError(Exception):
    """Raised when a command cannot run; the message is printed after ``backup-policy: error:``."""


class InputFileError(CliError):
    """Raised when an ORG, ATTACH or policy file cannot be read or breaks its format."""

    def __init__(self, file: str, where: str, message: str) -> None:
        self.file, self.where = file, where
        super().__init__(f"{file}: {where}: {message}" if where else f"{file}: {message}")


class AwsReadError(CliError):
    """Raised when a read-only Organizations call fails (names the operation and AWS's code)."""
