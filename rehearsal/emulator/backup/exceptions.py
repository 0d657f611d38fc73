"""AWS Backup errors raised by the emulator, named exactly like the AWS error codes.

moto serializes a ``ServiceException`` through the botocore model, so boto3 sees the same
``Error.Code`` and HTTP status (400) as against AWS.
"""

from __future__ import annotations

from moto.core.exceptions import ServiceException

__all__ = [
    "BackupError",
    "InvalidParameterValueException",
    "InvalidRequestException",
    "MissingParameterValueException",
    "ResourceNotFoundException",
]


class BackupError(ServiceException):
    """Base of the errors the emulated AWS Backup itself raises (not a target service's)."""


class ResourceNotFoundException(BackupError):
    """A vault, recovery point, job or source resource named in the request does not exist."""

    code = "ResourceNotFoundException"


class InvalidParameterValueException(BackupError):
    """A parameter is malformed or out of range (an ARN, a token, restore metadata)."""

    code = "InvalidParameterValueException"


class MissingParameterValueException(BackupError):
    """A required parameter is missing from the request."""

    code = "MissingParameterValueException"


class InvalidRequestException(BackupError):
    """The request conflicts with the current state (a vault that still holds backups)."""

    code = "InvalidRequestException"
