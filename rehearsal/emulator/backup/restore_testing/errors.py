"""Errors of the restore testing operations that the rest of the emulated service never raises,
named exactly like the AWS error codes (the others come from ``backup.exceptions``)."""

from __future__ import annotations

from rehearsal.emulator.backup.exceptions import BackupError

__all__ = ["AlreadyExistsException"]


class AlreadyExistsException(BackupError):
    """A plan or selection of that name already exists."""

    code = "AlreadyExistsException"
