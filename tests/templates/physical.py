"""What ``Ref`` and ``Fn::GetAtt`` return for each resource type, as AWS forms them.

Each row follows the type's "Return values" in the CloudFormation resource reference
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html):
the name property when the template sets one, else the name CloudFormation generates
(``<stack name>-<logical id>-<13 random characters>``, cut to the type's limit, as
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html
describes). A type missing here fails the render loudly, so a new type gets a row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TYPES", "Place", "TypeInfo", "UnknownTypeError", "attribute", "reference"]

_SUFFIX_CHARACTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_UUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


class UnknownTypeError(KeyError):
    """Raised when a template uses a resource type or attribute this table does not know."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a stack is: its name, account, Region and partition."""

    stack_name: str
    account: str
    region: str
    partition: str = "aws"


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """How one resource type is named and what its ``Ref`` and attributes return.

    Formats use ``{partition}``, ``{region}``, ``{account}``, ``{name}`` (physical name),
    ``{stack}`` and ``{uuid}``.
    """

    name_property: str | None
    name_limit: int
    ref: str
    attributes: dict[str, str] = field(default_factory=dict)
    lowercase: bool = False


_ARN = "arn:{partition}"
TYPES: dict[str, TypeInfo] = {
    "AWS::Backup::BackupVault": TypeInfo(
        "BackupVaultName",
        50,
        "{name}",
        {
            "BackupVaultArn": _ARN + ":backup:{region}:{account}:backup-vault:{name}",
            "BackupVaultName": "{name}",
        },
    ),
    "AWS::Backup::LogicallyAirGappedBackupVault": TypeInfo(
        "BackupVaultName",
        50,
        "{name}",
        {
            "BackupVaultArn": _ARN + ":backup:{region}:{account}:backup-vault:{name}",
            "BackupVaultName": "{name}",
        },
    ),
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-framework.html
    "AWS::Backup::Framework": TypeInfo(
        "FrameworkName",
        256,
        _ARN + ":backup:{region}:{account}:framework:{name}-{uuid}",
        {
            "FrameworkArn": _ARN + ":backup:{region}:{account}:framework:{name}-{uuid}",
            "CreationTime": "2026-01-01T00:00:00.000Z",
            "DeploymentStatus": "COMPLETED",
            "FrameworkStatus": "ACTIVE",
        },
    ),
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-reportplan.html
    "AWS::Backup::ReportPlan": TypeInfo(
        "ReportPlanName",
        256,
        _ARN + ":backup:{region}:{account}:report-plan:{name}",
        {"ReportPlanArn": _ARN + ":backup:{region}:{account}:report-plan:{name}"},
    ),
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-restoretestingplan.html
    "AWS::Backup::RestoreTestingPlan": TypeInfo(
        "RestoreTestingPlanName",
        50,
        "{name}",
        {"RestoreTestingPlanArn": _ARN + ":backup:{region}:{account}:restore-testing-plan:{name}"},
    ),
    "AWS::Backup::RestoreTestingSelection": TypeInfo("RestoreTestingSelectionName", 50, "{name}"),
    "AWS::CloudFormation::StackSet": TypeInfo("StackSetName", 128, "{name}:{uuid}"),
    "AWS::CodeBuild::Project": TypeInfo(
        "Name", 150, "{name}", {"Arn": _ARN + ":codebuild:{region}:{account}:project/{name}"}
    ),
    "AWS::CodePipeline::Pipeline": TypeInfo("Name", 100, "{name}"),
    "AWS::Events::EventBus": TypeInfo(
        "Name",
        256,
        "{name}",
        {"Arn": _ARN + ":events:{region}:{account}:event-bus/{name}", "Name": "{name}"},
    ),
    "AWS::Events::Rule": TypeInfo(
        "Name", 64, "{name}", {"Arn": _ARN + ":events:{region}:{account}:rule/{name}"}
    ),
    "AWS::IAM::Role": TypeInfo(
        "RoleName",
        64,
        "{name}",
        {"Arn": _ARN + ":iam::{account}:role/{name}", "RoleId": "AROAEXAMPLEROLEID0000"},
    ),
    "AWS::IAM::RolePolicy": TypeInfo(None, 128, "{name}"),
    "AWS::KMS::Alias": TypeInfo("AliasName", 256, "{name}"),
    "AWS::KMS::Key": TypeInfo(
        None, 36, "{uuid}", {"Arn": _ARN + ":kms:{region}:{account}:key/{uuid}", "KeyId": "{uuid}"}
    ),
    "AWS::Lambda::EventInvokeConfig": TypeInfo(None, 64, "{uuid}"),
    "AWS::Lambda::Function": TypeInfo(
        "FunctionName",
        64,
        "{name}",
        {"Arn": _ARN + ":lambda:{region}:{account}:function:{name}"},
    ),
    "AWS::Lambda::Permission": TypeInfo(None, 64, "{name}"),
    # A log group's Arn attribute ends in ":*" (the Return values of AWS::Logs::LogGroup).
    "AWS::Logs::LogGroup": TypeInfo(
        "LogGroupName", 512, "{name}", {"Arn": _ARN + ":logs:{region}:{account}:log-group:{name}:*"}
    ),
    "AWS::Organizations::Policy": TypeInfo(
        None,
        128,
        "p-examplepol",
        {
            "Id": "p-examplepol",
            "Arn": _ARN + ":organizations::{account}:policy/o-exampleorg1/p-examplepol",
        },
    ),
    "AWS::Organizations::ResourcePolicy": TypeInfo(None, 128, "rp-example1"),
    "AWS::S3::Bucket": TypeInfo(
        "BucketName",
        63,
        "{name}",
        {
            "Arn": _ARN + ":s3:::{name}",
            "DomainName": "{name}.s3.amazonaws.com",
            "RegionalDomainName": "{name}.s3.{region}.amazonaws.com",
        },
        lowercase=True,
    ),
    "AWS::S3::BucketPolicy": TypeInfo(None, 128, "{name}"),
    "AWS::SNS::Subscription": TypeInfo(None, 256, "{topic}:{uuid}"),
    "AWS::SNS::Topic": TypeInfo(
        "TopicName",
        256,
        _ARN + ":sns:{region}:{account}:{name}",
        {"TopicArn": _ARN + ":sns:{region}:{account}:{name}", "TopicName": "{name}"},
    ),
    "AWS::SNS::TopicPolicy": TypeInfo(None, 128, "{name}"),
    "AWS::SQS::Queue": TypeInfo(
        "QueueName",
        80,
        "https://sqs.{region}.amazonaws.com/{account}/{name}",
        {
            "Arn": _ARN + ":sqs:{region}:{account}:{name}",
            "QueueName": "{name}",
            "QueueUrl": "https://sqs.{region}.amazonaws.com/{account}/{name}",
        },
    ),
    "AWS::SQS::QueuePolicy": TypeInfo(None, 128, "{name}"),
}


def _info(resource_type: str) -> TypeInfo:
    if (
        resource_type.startswith("Custom::")
        or resource_type == "AWS::CloudFormation::CustomResource"
    ):
        return TypeInfo(None, 1024, "{name}")
    if resource_type not in TYPES:
        raise UnknownTypeError(
            f"no Ref/GetAtt row for {resource_type} in tests/templates/physical.py"
        )
    return TYPES[resource_type]


def _random_suffix(logical_id: str) -> str:
    """A stable stand-in for CloudFormation's 13 random characters, distinct per logical id."""
    digest = hashlib.sha256(logical_id.encode()).digest()
    return "".join(_SUFFIX_CHARACTERS[b % len(_SUFFIX_CHARACTERS)] for b in digest[:13])


def physical_name(
    resource_type: str, logical_id: str, properties: dict[str, Any], place: Place
) -> str:
    """The name the resource gets: its name property, or the one CloudFormation generates."""
    info = _info(resource_type)
    given = properties.get(info.name_property) if info.name_property else None
    if isinstance(given, str):
        return given
    suffix = _random_suffix(logical_id)
    generated = f"{place.stack_name}-{logical_id}-{suffix}"
    if len(generated) > info.name_limit:
        # CloudFormation shortens the stack and logical id parts and keeps the random suffix.
        keep = info.name_limit - len(suffix) - 2
        head = f"{place.stack_name}-{logical_id}"[:keep]
        generated = f"{head}-{suffix}"
    return generated.lower() if info.lowercase else generated


def _format(text: str, name: str, place: Place) -> str:
    return text.format(
        partition=place.partition,
        region=place.region,
        account=place.account,
        name=name,
        stack=place.stack_name,
        uuid=_UUID,
        topic=f"arn:{place.partition}:sns:{place.region}:{place.account}:topic",
    )


def reference(resource_type: str, name: str, place: Place) -> str:
    """What ``Ref`` of the resource returns."""
    return _format(_info(resource_type).ref, name, place)


def attribute(resource_type: str, attribute_name: str, name: str, place: Place) -> str:
    """What ``Fn::GetAtt`` of the resource returns (custom resources: a placeholder value)."""
    if resource_type.startswith("Custom::"):
        return f"{name}-{attribute_name}"
    info = _info(resource_type)
    if attribute_name not in info.attributes:
        raise UnknownTypeError(f"no {attribute_name} attribute row for {resource_type}")
    return _format(info.attributes[attribute_name], name, place)
