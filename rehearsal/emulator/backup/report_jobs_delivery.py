"""Deliver a report file to the report plan's bucket as AWS Backup Audit Manager does: as the
account's ``AWSServiceRoleForBackupReports``, allowed only by the bucket policy (and, for SSE-KMS,
the key policy), under AWS's key layout.

Keys (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-console.html):
``<prefix>/Backup/<account>/<Region>/<yyyy>/<mm>/<dd>/<report>`` for one account and Region;
``crossaccount`` stands for the account and ``crossregion`` for the Region when the report
covers more than one (the page gives each alone; both together compose the two).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from moto.kms.models import kms_backends
from moto.s3.models import s3_backends

from rehearsal.emulator.iam_policy import Request, decide

__all__ = ["DeliveryError", "deliver", "report_body", "report_key", "reports_role"]


class DeliveryError(Exception):
    """The bucket or key refuses the reports role; the job fails with this message."""


def reports_role(account_id: str) -> str:
    return (
        f"arn:aws:iam::{account_id}:role/aws-service-role/reports.backup.amazonaws.com/"
        "AWSServiceRoleForBackupReports"
    )


def report_key(
    prefix: str, account: str, region: str, when: datetime, name: str, extension: str
) -> str:
    parts = [prefix.strip("/")] if prefix.strip("/") else []
    parts += ["Backup", account, region, f"{when:%Y}", f"{when:%m}", f"{when:%d}"]
    return "/".join(parts) + f"/{name}.{extension.lower()}"


def report_body(rows: list[dict[str, Any]], file_format: str, columns: list[str]) -> bytes:
    """CSV (a header row, then one line per row) or JSON (a list of objects)."""
    if file_format == "JSON":
        return json.dumps(rows, indent=1).encode()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _named_statements(policy: str | dict[str, Any] | None, account_id: str) -> dict[str, Any]:
    """The policy less the Allows granted to the account root: those grant only through the
    principal's IAM policies, and the reports role's managed policy allows neither
    s3:PutObject nor KMS (AWSServiceRolePolicyForBackupReports)."""
    document = json.loads(policy) if isinstance(policy, str) else dict(policy or {})
    statements = document.get("Statement", [])
    roots = {account_id, f"arn:aws:iam::{account_id}:root"}

    def to_root(statement: dict[str, Any]) -> bool:
        principal = statement.get("Principal")
        named = principal.get("AWS") if isinstance(principal, dict) else None
        names: list[str] = [named] if isinstance(named, str) else list(named or [])
        return statement.get("Effect") == "Allow" and bool(names) and set(names) <= roots

    listed = statements if isinstance(statements, list) else [statements]
    return {**document, "Statement": [s for s in listed if not to_root(s)]}


def _check_key(key_id: str, account_id: str, region: str, role: str) -> None:
    arn_region, key_account = region, account_id
    if key_id.startswith("arn:"):
        fields = key_id.split(":")
        arn_region, key_account = fields[3], fields[4]
    key = kms_backends[key_account][arn_region].keys.get(key_id.rsplit("/", 1)[-1])
    if key is None or key.key_state != "Enabled":
        raise DeliveryError(f"KMS key {key_id} does not exist or is not enabled")
    context = {
        "aws:PrincipalArn": (role,),
        "aws:PrincipalAccount": (account_id,),
        "kms:CallerAccount": (account_id,),
        "kms:ViaService": (f"s3.{region}.amazonaws.com",),
    }
    request = Request(role, "kms:GenerateDataKey", key.arn, context)
    if decide([_named_statements(key.policy, account_id)], request) != "Allow":
        raise DeliveryError(
            f"{role} is not authorized to perform kms:GenerateDataKey on {key.arn}: the key "
            "policy does not allow it"
        )


def deliver(account_id: str, region: str, bucket_name: str, key: str, body: bytes) -> None:
    """Put ``body`` at ``key`` as the reports role of ``account_id``.

    Raises
    ------
    DeliveryError
        The bucket is missing or in another account, its policy does not allow the role's
        PutObject (with ``s3:x-amz-acl`` bucket-owner-full-control), or its default KMS key's
        policy does not allow the role's GenerateDataKey through S3.
    """
    backend = s3_backends[account_id]["aws"]
    bucket = backend.buckets.get(bucket_name)
    if bucket is None:
        raise DeliveryError(f"bucket {bucket_name} does not exist in account {account_id}")
    role = reports_role(account_id)
    context = {
        "aws:PrincipalArn": (role,),
        "aws:PrincipalAccount": (account_id,),
        "aws:SecureTransport": ("true",),
        "s3:x-amz-acl": ("bucket-owner-full-control",),
    }
    resource = f"arn:aws:s3:::{bucket_name}/{key}"
    policy = bucket.policy.decode() if isinstance(bucket.policy, bytes) else bucket.policy
    named = _named_statements(policy, account_id)
    if decide([named], Request(role, "s3:PutObject", resource, context)) != "Allow":
        raise DeliveryError(
            f"{role} is not authorized to perform s3:PutObject on {resource}: the bucket "
            "policy does not allow it"
        )
    rule = (bucket.encryption or {}).get("Rule", {})
    default = rule.get("ApplyServerSideEncryptionByDefault", {})
    if default.get("SSEAlgorithm") == "aws:kms" and default.get("KMSMasterKeyID"):
        _check_key(default["KMSMasterKeyID"], account_id, region, role)
    backend.put_object(bucket_name, key, body)
