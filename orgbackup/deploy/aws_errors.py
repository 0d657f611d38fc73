"""One line, not a traceback, for an AWS SDK failure the operator can fix: no credentials,
no Region, an unreachable endpoint, expired or refused credentials.
https://boto3.amazonaws.com/v1/documentation/api/latest/guide/credentials.html
"""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
)

__all__ = ["AWS_ERRORS", "describe_aws_error"]

# What the deploy tools catch at their boundary (every other exception is a bug: let it show).
AWS_ERRORS = (BotoCoreError, ClientError)

_CREDENTIALS_HINT = (
    "set AWS_PROFILE (after `aws sso login` or `aws configure`) or the AWS_ACCESS_KEY_ID and "
    "AWS_SECRET_ACCESS_KEY variables; for the local emulator, pass --endpoint-url and any "
    "non-empty test credentials"
)
_EXPIRED = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired"})
_INVALID = frozenset(
    {"InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch"}
)


def describe_aws_error(error: BotoCoreError | ClientError) -> str:
    """A one-line explanation of ``error`` that says what to do about it."""
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return f"no usable AWS credentials ({error}): {_CREDENTIALS_HINT}"
    if isinstance(error, ProfileNotFound):
        return f"{error}: check AWS_PROFILE against `aws configure list-profiles`"
    if isinstance(error, NoRegionError):
        return "no AWS Region: set AWS_REGION (or the profile's region)"
    if isinstance(error, EndpointConnectionError):
        endpoint = error.kwargs.get("endpoint_url")
        return f"cannot connect to {endpoint}: is the endpoint right and reachable?"
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "")
        operation = error.operation_name
        if code in _EXPIRED:
            return f"{operation}: the AWS credentials have expired ({code}); refresh them"
        if code in _INVALID:
            refused = f"the AWS credentials were refused ({code}: {message})"
            return f"{operation}: {refused}; {_CREDENTIALS_HINT}"
        return f"{operation}: {code}: {message}"
    return str(error)
