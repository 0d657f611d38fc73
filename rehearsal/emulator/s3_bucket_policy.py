"""S3 bucket policies with their conditions: a conditional Deny denies only when it holds.

moto checks object requests against the bucket policy (``FakeBucket.get_permission``) with
its own IAM statement matcher, which ignores ``Condition``: the usual guard "deny ``s3:*``
when ``aws:SecureTransport`` is false" then denies every request, so no object can be read
or written in such a bucket. ``install()`` drops the statements whose condition does not
hold before moto matches the rest. The request context is ``aws:SecureTransport`` = true:
the emulator's plain-HTTP loopback stands for AWS's HTTPS endpoints, which the SDKs use.
Keys moto does not give (principal, organization) are absent, as the evaluator treats them
(``rehearsal.emulator.iam_policy``): a statement conditioned on one does not apply.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.s3.models import FakeBucket

from rehearsal.emulator.iam_policy import Request, condition_holds

__all__ = ["REQUEST_CONTEXT", "install"]

REQUEST_CONTEXT = {"aws:SecureTransport": ("true",)}

_original: Callable[[FakeBucket, str, str], Any] | None = None


def _conditions_held(policy: bytes, action: str, resource: str) -> str:
    document = json.loads(policy)
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    request = Request("", action, resource, REQUEST_CONTEXT)
    kept = [s for s in statements if condition_holds(s.get("Condition"), request)]
    return json.dumps({**document, "Statement": kept})


def _get_permission(self: FakeBucket, action: str, resource: str) -> Any:
    """moto's ``get_permission`` over the statements whose condition holds."""
    if self.policy is None:
        return PermissionResult.NEUTRAL
    policy = IAMPolicy(_conditions_held(self.policy, action, resource))
    return policy.is_action_permitted(action, resource)


def install() -> None:
    """Evaluate bucket policy conditions in ``FakeBucket.get_permission`` (once)."""
    global _original
    if _original is not None:
        return
    _original = FakeBucket.get_permission
    FakeBucket.get_permission = _get_permission  # type: ignore[method-assign]
