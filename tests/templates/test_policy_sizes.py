"""Policy documents fit their service's size limit with the values real deployments produce.

Rendered with the longest names and ids the parameters allow (``deployments.py``), so a
guardrail that fits with the defaults but not with a long organization id or prefix fails
here rather than in the user's first deployment.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.templates.deployments import deployments
from tests.templates.intrinsics import rendered
from tests.templates.loader import REPOSITORY_TEMPLATES

TEMPLATES = REPOSITORY_TEMPLATES

# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
SCP_CHARACTERS = 5_120
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (whitespace is
# not counted for IAM): inline policies of one role together, and a role trust policy.
ROLE_INLINE_CHARACTERS = 10_240
ROLE_TRUST_CHARACTERS = 2_048
# https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html
KEY_POLICY_BYTES = 32_768


def _compact(document: Any) -> str:
    return json.dumps(document, separators=(",", ":"))


def _iam_characters(document: Any) -> int:
    return sum(1 for c in _compact(document) if not c.isspace())


def sizes(template: dict[str, Any]) -> Iterator[tuple[str, str, int, int]]:
    """``(logical id, what, size, limit)`` of every limited document of a rendered template."""
    for logical_id, resource in template["Resources"].items():
        properties = resource.get("Properties", {})
        kind = resource["Type"]
        if kind == "AWS::Organizations::Policy" and properties["Type"] == "SERVICE_CONTROL_POLICY":
            yield logical_id, "SCP", len(_compact(properties["Content"])), SCP_CHARACTERS
        if kind == "AWS::IAM::Role":
            inline = sum(
                _iam_characters(p["PolicyDocument"]) for p in properties.get("Policies", [])
            )
            yield logical_id, "inline policies", inline, ROLE_INLINE_CHARACTERS
            trust = _iam_characters(properties["AssumeRolePolicyDocument"])
            yield logical_id, "trust policy", trust, ROLE_TRUST_CHARACTERS
        if kind == "AWS::KMS::Key":
            policy = len(_compact(properties["KeyPolicy"]).encode())
            yield logical_id, "key policy", policy, KEY_POLICY_BYTES


def test_an_oversized_scp_is_caught() -> None:
    statement = {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::" + "b" * 5_100}
    template = {
        "Resources": {
            "Guardrail": {
                "Type": "AWS::Organizations::Policy",
                "Properties": {
                    "Type": "SERVICE_CONTROL_POLICY",
                    "Content": {"Statement": [statement]},
                },
            }
        }
    }
    [(logical_id, what, size, limit)] = list(sizes(template))
    assert (logical_id, what, limit) == ("Guardrail", "SCP", SCP_CHARACTERS)
    assert size > limit


@pytest.mark.parametrize("template", TEMPLATES)
def test_policy_documents_fit_with_the_longest_values(template: str) -> None:
    over = {
        f"{template}: {logical_id} {what} is {size} > {limit} ({deployment.label})"
        for deployment in deployments(template)
        for logical_id, what, size, limit in sizes(rendered(deployment))
        if size > limit
    }
    assert not over, "\n".join(sorted(over))
