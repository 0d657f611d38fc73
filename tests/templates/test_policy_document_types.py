"""Every resource type the templates use is either read for policy documents (``loader.py``)
or reviewed to hold none, so the IAM checks never skip a policy document silently.

The registry schemas cfn-lint ships say which properties are free-form JSON named like a
policy (``*Policy*``, ``*PolicyDocument``): each such property of a used type must be read as a
policy document or be reviewed here as something else (a retry or filter policy is not IAM).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from cfnlint.schema.manager import ProviderSchemaManager

from tests.templates.iam_reference import check_template
from tests.templates.loader import (
    DOCUMENT_TYPES,
    REPOSITORY_TEMPLATES,
    document_paths,
    load_path,
    policy_documents,
)

# The Region whose schemas are read; a type's properties do not differ between Regions.
SCHEMA_REGION = "us-east-1"
TEMPLATE_FILES = REPOSITORY_TEMPLATES

# Types reviewed to hold no IAM policy document, and why.
REVIEWED_WITHOUT_DOCUMENTS: dict[str, str] = {
    "AWS::Backup::Framework": "controls with their scopes and input parameters",
    "AWS::Backup::ReportPlan": "a report template, its scope and the delivery bucket",
    "AWS::Backup::RestoreTestingPlan": "a schedule and which recovery points of which vaults",
    "AWS::Backup::RestoreTestingSelection": "a resource type, tag conditions and a role ARN",
    "AWS::CloudFormation::StackSet": "a template URL, parameters and instance settings",
    "AWS::CodeBuild::Project": "build settings; its permissions are its service role's",
    "AWS::CodePipeline::Pipeline": "stages and actions; its permissions are its role's",
    "AWS::Events::Rule": "an event pattern and targets (RetryPolicy is retry settings)",
    "AWS::KMS::Alias": "an alias name and the key it names",
    "AWS::Lambda::EventInvokeConfig": "retry and destination settings",
    "AWS::Lambda::Function": "code and runtime settings; its permissions are its role's",
    "AWS::Lambda::Permission": (
        "one permission as Action/Principal/SourceArn properties, not a policy document"
    ),
    "AWS::S3::Bucket": "bucket settings; its policy is an AWS::S3::BucketPolicy",
    "AWS::SNS::Subscription": "an endpoint and delivery, filter, redrive and replay settings",
    "AWS::SNS::Topic": "topic settings; its policy is an AWS::SNS::TopicPolicy",
    "AWS::SQS::Queue": "queue settings; its policy is an AWS::SQS::QueuePolicy",
    "Custom::BackupOrgPolicy": (
        "PolicyContent is an AWS Organizations backup policy, whose grammar is not IAM's"
    ),
    "Custom::BackupRegionSettings": "AWS Backup Region opt-in settings",
}

# Free-form JSON properties named like a policy that are not IAM policy documents.
# https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html (DeliveryPolicy),
# https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html (FilterPolicy),
# https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html (RedrivePolicy),
# https://docs.aws.amazon.com/sns/latest/dg/message-archiving-and-replay-subscriber.html
# (ReplayPolicy), https://docs.aws.amazon.com/sns/latest/dg/message-archiving-and-replay-topic-owner.html
# (ArchivePolicy), https://docs.aws.amazon.com/sns/latest/dg/sns-message-data-protection-policies.html
# and https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data.html
# (DataProtectionPolicy), https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
# (RedriveAllowPolicy).
NOT_IAM_PROPERTIES: dict[str, dict[str, str]] = {
    "AWS::SNS::Subscription": {
        "DeliveryPolicy": "HTTP delivery retries",
        "FilterPolicy": "a message filter",
        "RedrivePolicy": "the dead-letter queue",
        "ReplayPolicy": "archived message replay",
    },
    "AWS::SNS::Topic": {
        "ArchivePolicy": "message retention",
        "DataProtectionPolicy": "data protection operations (audit, de-identify, deny)",
    },
    "AWS::SQS::Queue": {"RedriveAllowPolicy": "which queues may use it as a dead-letter queue"},
    "AWS::Logs::LogGroup": {"DataProtectionPolicy": "log data masking"},
}


@cache
def _schemas() -> ProviderSchemaManager:
    # The schemas bundled with the pinned cfn-lint, never a per-user download.
    root = Path(str(files("cfnlint") / "data" / "schemas"))
    return ProviderSchemaManager(root / "providers", root / "resources")


def _schema(resource_type: str) -> dict[str, Any]:
    schema: dict[str, Any] = _schemas().get_resource_schema(SCHEMA_REGION, resource_type).schema
    return schema


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    seen = set()
    while "$ref" in node and node["$ref"].startswith("#/definitions/") and node["$ref"] not in seen:
        seen.add(node["$ref"])
        node = schema["definitions"][node["$ref"].removeprefix("#/definitions/")]
    return node


def _properties(schema: dict[str, Any], node: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every property path (``Policies[].PolicyDocument``) to its resolved schema node."""
    found: dict[str, Any] = {}
    for name, child in _resolve(schema, node).get("properties", {}).items():
        resolved = _resolve(schema, child)
        path = f"{prefix}{name}"
        if path in found or path.count(".") > 6:
            continue
        found[path] = resolved
        if resolved.get("type") == "array" or "items" in resolved:
            items = resolved.get("items", {})
            found.update(_properties(schema, items, f"{path}[]."))
        else:
            found.update(_properties(schema, resolved, f"{path}."))
    return found


def policy_like_properties(resource_type: str) -> set[str]:
    """Free-form JSON properties whose name says policy: candidates for a policy document."""
    schema = _schema(resource_type)
    candidates = set()
    for path, node in _properties(schema, schema).items():
        kinds = node.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "Polic" in path.rsplit(".", 1)[-1] and "object" in kinds and "properties" not in node:
            candidates.add(path)
    return candidates


def _types_of(template: str) -> dict[str, str]:
    """Logical id -> resource type of ``template`` (a repository path)."""
    return {logical_id: r["Type"] for logical_id, r in load_path(template)["Resources"].items()}


def type_issues(
    template: str, types: dict[str, str], without: Mapping[str, str] = REVIEWED_WITHOUT_DOCUMENTS
) -> list[str]:
    """One issue per resource whose type is neither read for documents nor reviewed (in
    ``without``), or both."""
    issues = []
    for logical_id, kind in sorted(types.items()):
        reviewed = kind in without
        read = kind in DOCUMENT_TYPES
        if reviewed == read:
            state, joint, outcome = (
                ("both", "and", "the review contradicts the loader")
                if read
                else ("neither", "nor", "the IAM checks would skip any policy document it holds")
            )
            issues.append(
                f"{template}: {logical_id} ({kind}) is {state} read for policy documents "
                f"(tests/templates/loader.py _DOCUMENTS) {joint} reviewed to hold none "
                f"(REVIEWED_WITHOUT_DOCUMENTS); {outcome}"
            )
    return issues


def property_issues(resource_type: str, read: tuple[str, ...] | None = None) -> list[str]:
    """The type's policy-like schema properties that are neither read nor reviewed.

    ``read`` replaces the loader's paths for the type (for known-bad cases).
    """
    paths = set(document_paths(resource_type) if read is None else read)
    reviewed = set(NOT_IAM_PROPERTIES.get(resource_type, {}))
    return [
        f"{resource_type}: property {path} is free-form JSON named like a policy in the "
        f"registry schema (cfn-lint, {SCHEMA_REGION}); read it as a policy document "
        "(loader.py _DOCUMENTS) or review it as not IAM (NOT_IAM_PROPERTIES)"
        for path in sorted(policy_like_properties(resource_type) - paths - reviewed)
    ]


@pytest.mark.parametrize("template", TEMPLATE_FILES)
def test_every_resource_type_is_read_for_documents_or_reviewed(template: str) -> None:
    issues = type_issues(template, _types_of(template))
    assert not issues, "\n".join(issues)


def test_every_policy_like_property_of_a_used_type_is_read_or_reviewed() -> None:
    used = {kind for t in TEMPLATE_FILES for kind in _types_of(t).values()}
    issues = [
        issue
        for kind in sorted(used | DOCUMENT_TYPES)
        if not kind.startswith("Custom::")
        for issue in property_issues(kind)
    ]
    assert not issues, "\n".join(issues)


@pytest.mark.parametrize("resource_type", sorted(DOCUMENT_TYPES))
def test_each_document_path_is_a_property_of_its_type(resource_type: str) -> None:
    properties = _properties(_schema(resource_type), _schema(resource_type))
    missing = [path for path in document_paths(resource_type) if path not in properties]
    assert not missing, f"{resource_type}: {missing} are not properties in its registry schema"


def test_reviewed_properties_belong_to_reviewed_or_read_types() -> None:
    stale = [
        f"{kind}: {path}"
        for kind, paths in NOT_IAM_PROPERTIES.items()
        for path in paths
        if path not in policy_like_properties(kind)
    ]
    assert not stale, "\n".join(stale)


def test_a_type_not_reviewed_fails_naming_template_logical_id_and_type() -> None:
    issues = type_issues("bad.yaml", {"Secret": "AWS::SecretsManager::Secret"})

    assert issues == [
        "bad.yaml: Secret (AWS::SecretsManager::Secret) is neither read for policy documents "
        "(tests/templates/loader.py _DOCUMENTS) nor reviewed to hold none "
        "(REVIEWED_WITHOUT_DOCUMENTS); the IAM checks would skip any policy document it holds"
    ]


def test_a_type_both_read_and_reviewed_fails() -> None:
    wrongly = {**REVIEWED_WITHOUT_DOCUMENTS, "AWS::IAM::Role": "wrongly reviewed"}

    issues = type_issues("bad.yaml", {"Role": "AWS::IAM::Role"}, wrongly)

    assert issues == [
        "bad.yaml: Role (AWS::IAM::Role) is both read for policy documents "
        "(tests/templates/loader.py _DOCUMENTS) and reviewed to hold none "
        "(REVIEWED_WITHOUT_DOCUMENTS); the review contradicts the loader"
    ]


def test_an_unread_policy_property_fails_naming_type_and_property() -> None:
    """A log group's resource policy document is IAM; without its _DOCUMENTS entry it fails."""
    issues = property_issues("AWS::Logs::LogGroup", read=())

    assert issues == [
        "AWS::Logs::LogGroup: property ResourcePolicyDocument is free-form JSON named like a "
        f"policy in the registry schema (cfn-lint, {SCHEMA_REGION}); read it as a policy "
        "document (loader.py _DOCUMENTS) or review it as not IAM (NOT_IAM_PROPERTIES)"
    ]


BAD_DOCUMENTS: dict[str, Any] = {
    "Resources": {
        "ManagedByPolicy": {
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "PolicyName": "p",
                "Roles": ["r"],
                "PolicyDocument": {
                    "Statement": [
                        {
                            "Sid": "Describe",
                            "Effect": "Allow",
                            "Action": "backup:DescribeVaults",
                            "Resource": "*",
                        }
                    ]
                },
            },
        },
        "BusPolicy": {
            "Type": "AWS::Events::EventBusPolicy",
            "Properties": {
                "StatementId": "s",
                "Statement": {
                    "Sid": "Put",
                    "Effect": "Allow",
                    "Principal": {"AWS": "111111111111"},
                    "Action": "events:PutEvent",
                    "Resource": "*",
                },
            },
        },
        "LogsPolicy": {
            "Type": "AWS::Logs::ResourcePolicy",
            "Properties": {
                "PolicyName": "p",
                "PolicyDocument": (
                    '{"Statement": [{"Sid": "Write", "Effect": "Allow", '
                    '"Principal": {"Service": "events.amazonaws.com"}, '
                    '"Action": "logs:PutLogEvent", "Resource": "*"}]}'
                ),
            },
        },
    }
}


def test_documents_of_the_newly_read_types_are_checked() -> None:
    """Before: AWS::IAM::Policy, EventBusPolicy and Logs::ResourcePolicy were skipped."""
    found = [str(f) for f in check_template("bad.yaml", BAD_DOCUMENTS)]

    assert [(d[0], d[1]) for d in policy_documents(BAD_DOCUMENTS)] == [
        ("ManagedByPolicy", "AWS::IAM::Policy"),
        ("BusPolicy", "AWS::Events::EventBusPolicy"),
        ("LogsPolicy", "AWS::Logs::ResourcePolicy"),
    ]
    assert found == [
        "bad.yaml: ManagedByPolicy statement 'Describe': [unknown-action] "
        "backup:DescribeVaults is not an action in the Service Authorization Reference",
        "bad.yaml: BusPolicy statement 'Put': [unknown-action] "
        "events:PutEvent is not an action in the Service Authorization Reference",
        "bad.yaml: LogsPolicy statement 'Write': [unknown-action] "
        "logs:PutLogEvent is not an action in the Service Authorization Reference",
    ]
