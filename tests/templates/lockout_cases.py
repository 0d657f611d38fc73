"""Accounts, principals and hand-built requests the self-lockout and evaluator tests share,
and the guardrail SCP's statements as the example configuration renders them."""

from __future__ import annotations

from typing import Any

from rehearsal.emulator.iam_policy import Request
from tests.templates.deployments import ACCOUNTS
from tests.templates.intrinsics import rendered
from tests.templates.self_lockout import EXECUTION_ROLE_NAME, deployments, example_name

__all__ = [
    "ADMIN",
    "EXEC",
    "HOME",
    "MEMBER",
    "MEMBER_ACCOUNT",
    "PIPELINE",
    "SCP",
    "request_as",
    "scp_statements",
]

MEMBER = "templates/member-account.yaml"
SCP = "templates/scp-guardrails.yaml"
PIPELINE = "pipeline/pipeline.yaml"
MEMBER_ACCOUNT = ACCOUNTS["member"]
HOME = ACCOUNTS["home"]
ADMIN = f"arn:aws:iam::{MEMBER_ACCOUNT}:role/Admin"
EXEC = f"arn:aws:iam::{MEMBER_ACCOUNT}:role/{EXECUTION_ROLE_NAME}"


def scp_statements() -> dict[str, dict[str, Any]]:
    """The guardrail SCP's statements by Sid, rendered under the example configuration's name."""
    deployment = deployments(SCP, example_name())[0]
    content = rendered(deployment)["Resources"]["BackupGuardrails"]["Properties"]["Content"]
    return {s["Sid"]: s for s in content["Statement"]}


def request_as(
    principal: str, action: str, resource: str, targets: tuple[str, ...] | None = None
) -> Request:
    """A request of ``principal`` carrying its ARN and account (and ``backup:CopyTargets``)."""
    account = principal.split(":")[4]
    context: dict[str, tuple[str, ...]] = {
        "aws:PrincipalArn": (principal,),
        "aws:PrincipalAccount": (account,),
    }
    if targets is not None:
        context["backup:CopyTargets"] = targets
    return Request(principal, action, resource, context)
