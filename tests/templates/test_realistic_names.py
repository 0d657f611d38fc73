"""Realistic identifiers: every template, rendered with the values real deployments produce, lints
clean with cfn-lint, which then checks each resolved name against its registry schema's
``maxLength`` and ``pattern`` (a Lambda function name over 64 characters, a bucket name over 63).

The values (``deployments.py``): StackSet instance stack names ``StackSet-<set>-<uuid>``, the
longest value each parameter's pattern or ``MaxLength`` allows, the longest Region name, and
variants that take both branches of every condition.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint

from tests.templates.deployments import Deployment, deployments
from tests.templates.intrinsics import render, rendered
from tests.templates.loader import REPOSITORY_TEMPLATES

TEMPLATES = REPOSITORY_TEMPLATES


def name_issues(deployment: Deployment, template: dict[str, Any]) -> list[str]:
    """cfn-lint's findings on ``template`` (already rendered), one line each, with their place."""
    matches = lint(json.dumps(template), config=ManualArgs(regions=[deployment.region]))
    return [
        f"{deployment.template} [{deployment.label}, stack {deployment.stack_name}, "
        f"{deployment.region}] {'/'.join(str(part) for part in match.path)}: "
        f"{match.rule.id} {match.message}"
        for match in matches
    ]


@pytest.mark.parametrize("template", TEMPLATES)
def test_rendered_templates_lint_clean(template: str) -> None:
    issues = [
        issue
        for deployment in deployments(template)
        for issue in name_issues(deployment, rendered(deployment))
    ]
    assert not issues, "\n".join(issues)


KNOWN_BAD = {
    "Resources": {
        "Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            },
        },
        "TagOnRestoreFunction": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "FunctionName": {"Fn::Sub": "${AWS::StackName}-tag-on-restore"},
                "Runtime": "python3.13",
                "Handler": "tag_on_restore.app.handler",
                "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                "Code": {"S3Bucket": "bucket", "S3Key": "code.zip"},
            },
        },
    }
}


def test_a_name_built_from_an_instance_stack_name_fails_with_the_limit() -> None:
    member = deployments("templates/member-account.yaml")[0]
    deployment = Deployment("bad.yaml", "base", member.stack_name, member.account_id, member.region)

    issues = name_issues(deployment, render(json.loads(json.dumps(KNOWN_BAD)), deployment))

    name = f"{member.stack_name}-tag-on-restore"
    assert len(name) == 78
    assert len(issues) == 1
    assert issues[0].startswith(
        f"bad.yaml [base, stack {member.stack_name}, {member.region}] "
        "Resources/TagOnRestoreFunction/Properties/FunctionName: E3031 "
        f"'{name}' does not match"
    )


def test_the_same_name_fits_under_a_short_stack_name() -> None:
    """What the tests deployed before: a hand-picked stack name hid the defect."""
    member = deployments("templates/member-account.yaml")[0]
    deployment = Deployment("bad.yaml", "base", "org-backup-member", member.account_id, "us-east-1")

    assert name_issues(deployment, render(json.loads(json.dumps(KNOWN_BAD)), deployment)) == []


def test_every_template_is_rendered() -> None:
    assert {Path(t).name for t in TEMPLATES} >= {"member-account.yaml", "pipeline.yaml"}
