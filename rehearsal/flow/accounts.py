"""Who the rehearsal acts as: the management account's caller, and sessions in the other
accounts through the role AWS Organizations creates in new accounts (moto maps assumed-role
credentials to the role's account)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3

__all__ = ["CALLER_KEY", "Accounts", "emulator_environment"]

CALLER_KEY = "rehearsal"  # moto: an unknown access key acts as its default (management) account


@contextmanager
def emulator_environment(endpoint: str, region: str) -> Iterator[None]:
    """Point every boto3 client (and subprocess) at the emulator, as the management account."""
    saved = dict(os.environ)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID=CALLER_KEY,
        AWS_SECRET_ACCESS_KEY=CALLER_KEY,
        AWS_DEFAULT_REGION=region,
        AWS_REGION=region,
        # moto otherwise loads hundreds of public AMIs into every account and Region it serves.
        MOTO_EC2_LOAD_DEFAULT_AMIS="false",
    )
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@dataclass
class Accounts:
    """Sessions per account: the caller's own for the management account, else assumed."""

    endpoint: str
    management: str
    role_name: str
    _credentials: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    _sessions: dict[str, boto3.Session] = field(default_factory=dict)
    _clients: dict[tuple[str, str, str], Any] = field(default_factory=dict)

    def credentials(self, account: str, role_name: str | None = None) -> dict[str, str]:
        """Environment-style credentials of ``role_name`` (default: the access role)."""
        role = role_name or self.role_name
        if (account, role) not in self._credentials:
            sts = boto3.client("sts", endpoint_url=self.endpoint, region_name="us-east-1")
            found = sts.assume_role(
                RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="rehearsal"
            )["Credentials"]
            self._credentials[account, role] = {
                "AWS_ACCESS_KEY_ID": found["AccessKeyId"],
                "AWS_SECRET_ACCESS_KEY": found["SecretAccessKey"],
                "AWS_SESSION_TOKEN": found["SessionToken"],
            }
        return self._credentials[account, role]

    def _session(self, account: str) -> boto3.Session:
        # One session per account: a session loads each service model once for its clients.
        if account not in self._sessions:
            if account == self.management:
                self._sessions[account] = boto3.Session(CALLER_KEY, CALLER_KEY)
            else:
                found = self.credentials(account)
                self._sessions[account] = boto3.Session(
                    found["AWS_ACCESS_KEY_ID"],
                    found["AWS_SECRET_ACCESS_KEY"],
                    found["AWS_SESSION_TOKEN"],
                )
        return self._sessions[account]

    def client(self, account: str, service: str, region: str) -> Any:
        """A client of the emulator acting as ``account`` in ``region`` (made once)."""
        key = (account, service, region)
        if key not in self._clients:
            session = self._session(account)
            self._clients[key] = session.client(
                service,
                region_name=region,
                endpoint_url=self.endpoint,
            )
        return self._clients[key]
