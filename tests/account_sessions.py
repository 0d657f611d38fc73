"""Acting as another account of the in-process emulator: moto maps the credentials of a role
assumed in an account to that account, so a client made from them acts as that account."""

from __future__ import annotations

from typing import Any

import boto3

__all__ = ["ACCESS_ROLE", "client_as", "session_as"]

# The role AWS Organizations creates in the accounts it creates.
ACCESS_ROLE = "OrganizationAccountAccessRole"


def session_as(account: str, region: str = "us-east-1", role: str = ACCESS_ROLE) -> boto3.Session:
    """A session acting as ``account`` through ``role``, defaulting to ``region``."""
    credentials = boto3.client("sts", region_name="us-east-1").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="tests"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=region,
    )


def client_as(account: str, service: str, region: str = "us-east-1") -> Any:
    """A ``service`` client acting as ``account`` in ``region``."""
    return session_as(account, region).client(service)
