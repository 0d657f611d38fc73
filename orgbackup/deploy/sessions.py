"""boto3 sessions per account: the caller's own, or an assumed cross-account role."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3

from orgbackup import aws_clients

__all__ = ["AccountSessions"]


class AccountSessions:
    """Hands out a CloudFormation client for (account, Region), assuming a role when needed."""

    def __init__(
        self, role_name: str, endpoint_url: str | None = None, region: str | None = None
    ) -> None:
        self._role_name = role_name
        self._endpoint_url = endpoint_url
        # STS needs a Region when the environment names none; the deployment's home Region.
        self._region = region
        self._base = boto3.session.Session()

    def _sts(self) -> Any:
        region = self._base.region_name or self._region
        return aws_clients.client(
            "sts", region=region, endpoint_url=self._endpoint_url, session=self._base
        )

    @property
    def caller_account(self) -> str:
        return self._caller()

    @cache  # noqa: B019 - one lookup per instance, which lives for one command
    def _caller(self) -> str:
        sts = self._sts()
        return str(sts.get_caller_identity()["Account"])

    @cache  # noqa: B019 - as above
    def session(self, account: str) -> Any:
        """The caller's session for its own account, else one from the assumed role."""
        if account == self._caller():
            return self._base
        sts = self._sts()
        role_arn = f"arn:aws:iam::{account}:role/{self._role_name}"
        credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName="org-backup-bootstrap")[
            "Credentials"
        ]
        return boto3.session.Session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
        )

    def client(self, account: str, service: str, region: str) -> Any:
        """A client of ``service`` in ``account`` and ``region``."""
        return aws_clients.client(
            service, region=region, endpoint_url=self._endpoint_url, session=self.session(account)
        )

    def cloudformation(self, account: str, region: str) -> Any:
        return self.client(account, "cloudformation", region)
