"""New-account defaults: every StackSet body deploys in a brand-new account with default quotas.

Auto-deployment serves exactly the accounts that join the organization later, often brand new.
Each body is rendered with the parameter values ``templates/stacksets.yaml`` passes by default
(its own defaults where the StackSet passes nothing), and:

- no resource sets a property that draws on a quota a new account does not have
  (``QUOTA_BOUND``: reserved and provisioned Lambda concurrency: a new account's concurrency
  quota is 10, and a reservation may not leave fewer than 10 unreserved);
- every resource type of a body has been reviewed for new-account quotas (``REVIEWED``, with
  why it needs no increase); a body that gains a type fails until someone reviews it here.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from orgbackup.deploy.stacks import STACKSET_BODIES
from tests.templates.deployments import Deployment, deployments, template_parameters
from tests.templates.intrinsics import render, rendered
from tests.templates.loader import load

LAMBDA_CONCURRENCY = (
    "draws on the account's Lambda concurrency: a new account's quota is 10 and Lambda keeps "
    "at least 10 unreserved, so any value fails there until the quota is raised "
    "(https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html, "
    "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)"
)
# (resource type, property) -> why a new account cannot take it.
QUOTA_BOUND = {
    ("AWS::Lambda::Function", "ReservedConcurrentExecutions"): LAMBDA_CONCURRENCY,
    ("AWS::Lambda::Alias", "ProvisionedConcurrencyConfig"): LAMBDA_CONCURRENCY,
    ("AWS::Lambda::Version", "ProvisionedConcurrencyConfig"): LAMBDA_CONCURRENCY,
}
# Every resource type of the StackSet bodies, and why a new account's default quotas take it.
REVIEWED = {
    "AWS::KMS::Key": "two per stack; default quotas are per Region in the tens of thousands "
    "(https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html)",
    "AWS::KMS::Alias": "one per vault key (same page)",
    "AWS::Backup::BackupVault": "one per stack "
    "(https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html)",
    "AWS::Backup::LogicallyAirGappedBackupVault": "one per stack, central account only (same page)",
    "AWS::Backup::Framework": "one per stack with at most 9 controls, under the 50 controls "
    "per account and Region "
    "(https://docs.aws.amazon.com/aws-backup/latest/devguide/controls-and-remediation.html)",
    "AWS::Backup::RestoreTestingPlan": "one per stack, opt-in (restore_testing:) "
    "(https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html"
    "#restore-testing-quotas)",
    "AWS::Backup::RestoreTestingSelection": "at most three per plan (same page)",
    "AWS::IAM::Role": "at most four per account (IamRegion gets the account-wide one) "
    "(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)",
    "AWS::Lambda::Function": "two per stack, 256 MB, 120 s, small zips; concurrency only "
    "through QUOTA_BOUND (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)",
    "AWS::Lambda::EventInvokeConfig": "configuration of a function, no quota of its own",
    "AWS::Lambda::Permission": "one statement in the function's resource policy",
    "AWS::Logs::LogGroup": "two per stack "
    "(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html)",
    "AWS::SQS::Queue": "one per stack "
    "(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html)",
    "AWS::SQS::QueuePolicy": "a policy of that queue",
    "AWS::SNS::Topic": "one per stack (https://docs.aws.amazon.com/general/latest/gr/sns.html)",
    "AWS::SNS::TopicPolicy": "a policy of that topic",
    "AWS::SNS::Subscription": "at most one e-mail subscription per stack (same page)",
    "AWS::Events::Rule": "two rules on the default bus "
    "(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html)",
    "Custom::BackupRegionSettings": "one invocation of the stack's own function",
}


def _raw(template: str) -> dict[str, Any]:
    return load(template.removeprefix("templates/"))


def default_deployment(template: str) -> Deployment:
    """The body as the StackSet deploys it by default: the wrapper's defaults, else its own.

    Parameters without any default keep the realistic values of ``deployments.py``.
    """
    base = deployments(template)[0]
    wrapper = load("stacksets.yaml")
    stackset = next(
        resource["Properties"]
        for resource in wrapper["Resources"].values()
        if resource["Properties"]["TemplateURL"]
        == {"Ref": next(b.url_parameter for b in STACKSET_BODIES if b.template == template)}
    )
    own = _raw(template)["Parameters"]
    values = {name: spec["Default"] for name, spec in own.items() if "Default" in spec}
    for passed in stackset["Parameters"]:
        value = passed["ParameterValue"]
        if isinstance(value, dict) and set(value) == {"Ref"}:
            spec = wrapper["Parameters"][value["Ref"]]
            if "Default" in spec:
                values[passed["ParameterKey"]] = spec["Default"]
    parameters = {
        name: str(values[name]) if name in values else value
        for name, value in base.parameters.items()
    }
    return replace(base, label="defaults", parameters=parameters)


def new_account_issues(template: str, rendered: dict[str, Any]) -> list[str]:
    """Every quota-bound property set, and every type nobody reviewed, in ``rendered``."""
    issues = []
    for logical_id, resource in rendered["Resources"].items():
        kind = resource["Type"]
        if kind not in REVIEWED:
            issues.append(
                f"{template}:{logical_id}: type {kind} is not reviewed for a new account's "
                "default quotas (add it to REVIEWED, with why it needs no increase)"
            )
        for (bound_type, prop), reason in QUOTA_BOUND.items():
            value = resource.get("Properties", {}).get(prop)
            if kind == bound_type and value not in (None, 0, "0"):
                issues.append(
                    f"{template}:{logical_id}: {prop}={json.dumps(value)} by default {reason}"
                )
    return issues


@pytest.mark.parametrize("body", [body.template for body in STACKSET_BODIES])
def test_stackset_bodies_deploy_in_a_new_account_with_their_defaults(body: str) -> None:
    deployment = default_deployment(body)
    issues = new_account_issues(body, render(_raw(body), deployment))
    assert not issues, "\n".join(issues)


def test_the_reserved_concurrency_defaults_pass_through_as_none() -> None:
    parameters = default_deployment("templates/member-account.yaml").parameters
    assert parameters["TagOnRestoreReservedConcurrency"] == "0"
    assert parameters["RegionSettingsReservedConcurrency"] == "0"


def test_a_reservation_asked_for_is_still_applied() -> None:
    deployment = default_deployment("templates/member-account.yaml")
    asked = replace(
        deployment, parameters={**deployment.parameters, "TagOnRestoreReservedConcurrency": "3"}
    )
    rendered = render(_raw("templates/member-account.yaml"), asked)
    properties = rendered["Resources"]["TagOnRestoreFunction"]["Properties"]
    assert properties["ReservedConcurrentExecutions"] == "3"
    assert (
        "ReservedConcurrentExecutions"
        not in (rendered["Resources"]["RegionSettingsFunction"]["Properties"])
    )


KNOWN_BAD = {
    "Parameters": {"Reserve": {"Type": "Number", "Default": 5, "MinValue": 0}},
    "Resources": {
        "Function": {
            "Type": "AWS::Lambda::Function",
            "Properties": {"ReservedConcurrentExecutions": {"Ref": "Reserve"}},
        },
        "Bucket": {"Type": "AWS::S3::Bucket"},
    },
}
UNREVIEWED = (
    "type {} is not reviewed for a new account's default quotas (add it to REVIEWED, with "
    "why it needs no increase)"
)


def test_a_body_that_reserves_concurrency_by_default_fails_with_the_reason() -> None:
    deployment = Deployment("bad.yaml", "defaults", "StackSet-bad-x", "444444444444", "us-east-1")

    issues = new_account_issues("bad.yaml", render(json.loads(json.dumps(KNOWN_BAD)), deployment))

    assert issues == [
        f'bad.yaml:Function: ReservedConcurrentExecutions="5" by default {LAMBDA_CONCURRENCY}',
        f"bad.yaml:Bucket: {UNREVIEWED.format('AWS::S3::Bucket')}",
    ]


def test_provisioned_concurrency_fails_with_the_reason() -> None:
    rendered = {
        "Resources": {
            "Live": {
                "Type": "AWS::Lambda::Alias",
                "Properties": {
                    "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 1}
                },
            }
        }
    }

    assert new_account_issues("bad.yaml", rendered) == [
        f"bad.yaml:Live: {UNREVIEWED.format('AWS::Lambda::Alias')}",
        'bad.yaml:Live: ProvisionedConcurrencyConfig={"ProvisionedConcurrentExecutions": 1} '
        f"by default {LAMBDA_CONCURRENCY}",
    ]


@pytest.mark.parametrize("template", ["templates/org-policies.yaml", "pipeline/pipeline.yaml"])
def test_home_account_stacks_reserve_no_concurrency_by_default(template: str) -> None:
    """The home account may be new too: its stacks' defaults need no quota increase either."""
    base = deployments(template)[0]
    specs = template_parameters(template)
    defaults = {name: str(spec["Default"]) for name, spec in specs.items() if "Default" in spec}
    deployment = replace(base, parameters={**base.parameters, **defaults})
    issues = [
        issue
        for issue in new_account_issues(template, rendered(deployment))
        if "is not reviewed" not in issue
    ]
    assert not issues, "\n".join(issues)
