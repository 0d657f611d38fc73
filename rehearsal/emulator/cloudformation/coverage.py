"""Which properties of each resource type the emulator creates as AWS does, and which it accepts
without modelling (each with the reason). Anything else fails the stack.

A property is *honoured* when the model (moto's, or ours in this package) applies it so that
the service APIs read it back. *Accepted* properties only shape behaviour the emulator does not
have (logs, tracing, retention clocks); the reason says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["COVERAGE", "DELEGATED_PREFIXES", "DELEGATED_TYPES", "TypeCoverage"]

# Types another part of the emulator owns end to end (their own model, their own checks).
DELEGATED_TYPES = frozenset({"AWS::CloudFormation::StackSet"})
DELEGATED_PREFIXES = ("Custom::",)

_NO_CLOCK = "the emulator does not age objects or messages"


@dataclass(frozen=True, slots=True)
class TypeCoverage:
    """The properties of one resource type the emulator honours, and those it only accepts."""

    honoured: frozenset[str]
    accepted: Mapping[str, str] = field(default_factory=dict)


def _honours(*names: str, accepted: Mapping[str, str] | None = None) -> TypeCoverage:
    return TypeCoverage(frozenset(names), dict(accepted or {}))


COVERAGE: Mapping[str, TypeCoverage] = {
    "AWS::Backup::BackupPlan": _honours("BackupPlan", "BackupPlanTags"),
    "AWS::Backup::Framework": _honours(
        "FrameworkControls", "FrameworkDescription", "FrameworkName"
    ),
    "AWS::Backup::ReportPlan": _honours(
        "ReportDeliveryChannel", "ReportPlanDescription", "ReportPlanName", "ReportSetting"
    ),
    "AWS::Backup::BackupSelection": _honours("BackupPlanId", "BackupSelection"),
    "AWS::Backup::BackupVault": _honours(
        "AccessPolicy",
        "BackupVaultName",
        "BackupVaultTags",
        "EncryptionKeyArn",
        "LockConfiguration",
        "Notifications",
    ),
    "AWS::Backup::LogicallyAirGappedBackupVault": _honours(
        "AccessPolicy",
        "BackupVaultName",
        "BackupVaultTags",
        "EncryptionKeyArn",
        "MaxRetentionDays",
        "MinRetentionDays",
        "Notifications",
    ),
    "AWS::Backup::RestoreTestingPlan": _honours(
        "RecoveryPointSelection",
        "RestoreTestingPlanName",
        "ScheduleExpression",
        "ScheduleExpressionTimezone",
        "StartWindowHours",
        "Tags",
    ),
    "AWS::Backup::RestoreTestingSelection": _honours(
        "IamRoleArn",
        "ProtectedResourceArns",
        "ProtectedResourceConditions",
        "ProtectedResourceType",
        "RestoreMetadataOverrides",
        "RestoreTestingPlanName",
        "RestoreTestingSelectionName",
        "ValidationWindowHours",
    ),
    "AWS::CloudFormation::Stack": _honours("Parameters", "TemplateURL"),
    "AWS::CodeBuild::Project": _honours(
        "Artifacts",
        "Description",
        "EncryptionKey",
        "Environment",
        "LogsConfig",
        "Name",
        "ServiceRole",
        "Source",
        "Tags",
        "TimeoutInMinutes",
    ),
    "AWS::CodePipeline::Pipeline": _honours(
        "ArtifactStore",
        "ArtifactStores",
        "ExecutionMode",
        "Name",
        "PipelineType",
        "RoleArn",
        "Stages",
        "Tags",
        "Triggers",
        accepted={
            "RestartExecutionOnUpdate": "the emulator starts no pipeline execution on its own",
        },
    ),
    "AWS::Events::EventBus": _honours("Description", "Name", "Policy"),
    "AWS::Events::Rule": _honours(
        "Description",
        "EventBusName",
        "EventPattern",
        "Name",
        "RoleArn",
        "ScheduleExpression",
        "State",
        "Targets",
    ),
    "AWS::IAM::Role": _honours(
        "AssumeRolePolicyDocument",
        "Description",
        "ManagedPolicyArns",
        "MaxSessionDuration",
        "Path",
        "PermissionsBoundary",
        "Policies",
        "RoleName",
        "Tags",
    ),
    "AWS::IAM::RolePolicy": _honours("PolicyDocument", "PolicyName", "RoleName"),
    "AWS::KMS::Alias": _honours("AliasName", "TargetKeyId"),
    "AWS::KMS::Key": _honours("Description", "Enabled", "EnableKeyRotation", "KeyPolicy", "Tags"),
    "AWS::Lambda::EventInvokeConfig": _honours(
        "DestinationConfig",
        "FunctionName",
        "MaximumEventAgeInSeconds",
        "MaximumRetryAttempts",
        "Qualifier",
    ),
    "AWS::Lambda::Function": _honours(
        "Architectures",
        "Code",
        "Description",
        "Environment",
        "FunctionName",
        "Handler",
        "LoggingConfig",
        "MemorySize",
        "ReservedConcurrentExecutions",
        "Role",
        "Runtime",
        "Timeout",
    ),
    "AWS::Lambda::Permission": _honours(
        "Action", "FunctionName", "Principal", "SourceAccount", "SourceArn"
    ),
    "AWS::Logs::LogGroup": _honours(
        "KmsKeyId", "LogGroupName", "Tags", accepted={"RetentionInDays": _NO_CLOCK}
    ),
    "AWS::Organizations::Policy": _honours(
        "Content", "Description", "Name", "Tags", "TargetIds", "Type"
    ),
    "AWS::Organizations::ResourcePolicy": _honours("Content"),
    "AWS::S3::Bucket": _honours(
        "BucketEncryption",
        "BucketName",
        "LifecycleConfiguration",
        "LoggingConfiguration",
        "OwnershipControls",
        "PublicAccessBlockConfiguration",
        "Tags",
        "VersioningConfiguration",
    ),
    "AWS::S3::BucketPolicy": _honours("Bucket", "PolicyDocument"),
    "AWS::SNS::Subscription": _honours("Endpoint", "Protocol", "TopicArn"),
    "AWS::SNS::Topic": _honours(
        "DisplayName", "KmsMasterKeyId", "Subscription", "Tags", "TopicName"
    ),
    "AWS::SNS::TopicPolicy": _honours("PolicyDocument", "Topics"),
    "AWS::SQS::Queue": _honours(
        "KmsDataKeyReusePeriodSeconds",
        "KmsMasterKeyId",
        "QueueName",
        "Tags",
        "VisibilityTimeout",
        accepted={"MessageRetentionPeriod": _NO_CLOCK},
    ),
    "AWS::SQS::QueuePolicy": _honours("PolicyDocument", "Queues"),
}
