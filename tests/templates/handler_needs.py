"""Which handler permissions a rendered resource needs, and why some listed ones are not.

The registry schema's ``handlers.create/update/delete.permissions`` (``registry.py``), less
``NOT_NEEDED`` (each entry lapses once a template uses the property that would need it), plus
``ALSO_NEEDED`` (what AWS documents and the schema omits); ``UNSCOPED`` lists actions a
handler calls without naming a resource. Every entry cites the AWS page behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from tests.templates import registry

__all__ = [
    "ALSO_NEEDED",
    "HANDLERS",
    "NOT_NEEDED",
    "UNSCOPED",
    "AlsoNeeded",
    "NotNeeded",
    "as_list",
    "needed_permissions",
    "property_values",
]

HANDLERS = registry.HANDLERS
_RETAIN_URL = (
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
    "aws-attribute-deletionpolicy.html"
)


@dataclass(frozen=True, slots=True)
class NotNeeded:
    """Handler permissions a resource type lists that our use of the type never calls.

    They stay excused only while the resource sets none of ``unless``, sets every one of
    ``present`` and gives each property in ``when`` that value (dotted property paths; ``[]``
    stands for every item of a list).
    """

    resource_type: str
    permissions: tuple[str, ...]
    reason: str
    url: str
    unless: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    when: tuple[tuple[str, str], ...] = ()

    def excuses(self, resource_type: str, permission: str, properties: Mapping[str, Any]) -> bool:
        """Whether this entry leaves ``permission`` out for a resource with ``properties``."""
        if resource_type != self.resource_type:
            return False
        if not any(fnmatchcase(permission.lower(), p.lower()) for p in self.permissions):
            return False
        if any(property_values(properties, path) for path in self.unless):
            return False
        if not all(property_values(properties, path) for path in self.present):
            return False
        return all(
            (found := property_values(properties, path)) and all(v == value for v in found)
            for path, value in self.when
        )


@dataclass(frozen=True, slots=True)
class AlsoNeeded:
    """A permission AWS documents for a resource type that its registry schema omits.

    Needed by ``handlers`` when the resource sets ``present`` (a dotted path, ``[]`` for lists).
    """

    resource_type: str
    permission: str
    handlers: tuple[str, ...]
    present: str
    reason: str
    url: str


_S3_BUCKET = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html"
_LAMBDA = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html"
_LOGS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html"
_ROLE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html"
_KEY = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html"
_STACKSET = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html"
_PIPELINE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codepipeline-pipeline.html"
_RULE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html"
_TOPIC = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html"

# Permissions the handlers list for properties and settings these templates do not use.
NOT_NEEDED: tuple[NotNeeded, ...] = (
    NotNeeded(
        "AWS::CloudFormation::StackSet",
        ("iam:PassRole",),
        "passes AdministrationRoleARN, which only self-managed StackSets have",
        _STACKSET,
        unless=("AdministrationRoleARN",),
        when=(("PermissionModel", "SERVICE_MANAGED"),),
    ),
    NotNeeded(
        "AWS::IAM::Role",
        ("iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"),
        "set and remove PermissionsBoundary",
        _ROLE,
        unless=("PermissionsBoundary",),
    ),
    NotNeeded(
        "AWS::IAM::Role",
        ("iam:AttachRolePolicy", "iam:DetachRolePolicy"),
        "attach and detach ManagedPolicyArns",
        _ROLE,
        unless=("ManagedPolicyArns",),
    ),
    NotNeeded(
        "AWS::KMS::Key",
        ("kms:DisableKey", "kms:EnableKey"),
        "apply Enabled: false (and back)",
        _KEY,
        unless=("Enabled",),
    ),
    NotNeeded(
        "AWS::KMS::Key",
        ("kms:DisableKeyRotation",),
        "turn EnableKeyRotation off, which every key here sets to true",
        _KEY,
        when=(("EnableKeyRotation", "true"),),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        ("ec2:Describe*",),
        "validate VpcConfig (and clean up its network interfaces on delete)",
        _LAMBDA,
        unless=("VpcConfig",),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        ("elasticfilesystem:DescribeMountTargets", "s3files:ListMountTargets"),
        "validate FileSystemConfigs",
        _LAMBDA,
        unless=("FileSystemConfigs",),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        ("kms:CreateGrant", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"),
        "encrypt the environment or code with a customer managed key (KmsKeyArn)",
        _LAMBDA,
        unless=("KmsKeyArn",),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        (
            "lambda:GetCodeSigningConfig",
            "lambda:GetFunctionCodeSigningConfig",
            "lambda:PutFunctionCodeSigningConfig",
            "lambda:DeleteFunctionCodeSigningConfig",
        ),
        "attach CodeSigningConfigArn",
        _LAMBDA,
        unless=("CodeSigningConfigArn",),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        ("lambda:GetLayerVersion",),
        "resolve Layers",
        _LAMBDA,
        unless=("Layers",),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        ("lambda:GetRuntimeManagementConfig", "lambda:PutRuntimeManagementConfig"),
        "apply RuntimeManagementConfig",
        _LAMBDA,
        unless=("RuntimeManagementConfig",),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        ("lambda:GetFunctionRecursionConfig", "lambda:PutFunctionRecursionConfig"),
        "apply RecursiveLoop",
        _LAMBDA,
        unless=("RecursiveLoop",),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        (
            "lambda:PutFunctionScalingConfig",
            "lambda:PassCapacityProvider",
            "lambda:PublishVersion",
            "lambda:AssociateRuntimeAlias",
        ),
        "run on a Lambda Managed Instances capacity provider (CapacityProviderConfig)",
        _LAMBDA,
        unless=("CapacityProviderConfig", "FunctionScalingConfig", "PublishToLatestPublished"),
    ),
    NotNeeded(
        "AWS::Lambda::Function",
        ("s3:GetObjectVersion",),
        "fetch a pinned Code.S3ObjectVersion; our code keys are content-addressed",
        _LAMBDA,
        unless=("Code.S3ObjectVersion",),
    ),
    NotNeeded(
        "AWS::Logs::LogGroup",
        (
            "logs:GetDataProtectionPolicy",
            "logs:PutDataProtectionPolicy",
            "logs:DeleteDataProtectionPolicy",
        ),
        "apply DataProtectionPolicy",
        _LOGS,
        unless=("DataProtectionPolicy",),
    ),
    NotNeeded(
        "AWS::Logs::LogGroup",
        (
            "logs:CreateLogDelivery",
            "s3:REST.PUT.OBJECT",
            "firehose:TagDeliveryStream",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DeleteResourcePolicy",
        ),
        "set up vended log delivery and its resource policy (a data-protection audit "
        "destination or ResourcePolicyDocument)",
        _LOGS,
        unless=("DataProtectionPolicy", "ResourcePolicyDocument"),
    ),
    NotNeeded(
        "AWS::Logs::LogGroup",
        ("logs:PutIndexPolicy", "logs:DeleteIndexPolicy", "logs:DescribeIndexPolicies"),
        "apply FieldIndexPolicies",
        _LOGS,
        unless=("FieldIndexPolicies",),
    ),
    NotNeeded(
        "AWS::Logs::LogGroup",
        ("logs:PutBearerTokenAuthentication",),
        "apply BearerTokenAuthenticationEnabled",
        _LOGS,
        unless=("BearerTokenAuthenticationEnabled",),
    ),
    NotNeeded(
        "AWS::Logs::LogGroup",
        ("logs:PutLogGroupDeletionProtection",),
        "apply DeletionProtectionEnabled",
        _LOGS,
        unless=("DeletionProtectionEnabled",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        (
            "s3tables:*",
            "s3:CreateBucketMetadataTableConfiguration",
            "s3:GetBucketMetadataTableConfiguration",
            "s3:DeleteBucketMetadataTableConfiguration",
            "s3:UpdateBucketMetadata*TableConfiguration",
        ),
        "create MetadataConfiguration / MetadataTableConfiguration tables",
        _S3_BUCKET,
        unless=("MetadataConfiguration", "MetadataTableConfiguration"),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutAnalyticsConfiguration", "s3:DeleteBucketAnalyticsConfiguration"),
        "apply AnalyticsConfigurations",
        _S3_BUCKET,
        unless=("AnalyticsConfigurations",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutBucketCORS", "s3:DeleteBucketCors"),
        "apply CorsConfiguration",
        _S3_BUCKET,
        unless=("CorsConfiguration",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutInventoryConfiguration",),
        "apply InventoryConfigurations",
        _S3_BUCKET,
        unless=("InventoryConfigurations",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutMetricsConfiguration", "s3:DeleteBucketMetricsConfiguration"),
        "apply MetricsConfigurations",
        _S3_BUCKET,
        unless=("MetricsConfigurations",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutBucketNotification",),
        "apply NotificationConfiguration",
        _S3_BUCKET,
        unless=("NotificationConfiguration",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        (
            "s3:PutBucketReplication",
            "s3:PutReplicationConfiguration",
            "s3:DeleteBucketReplication",
            "iam:PassRole",
        ),
        "apply ReplicationConfiguration (and pass its role)",
        _S3_BUCKET,
        unless=("ReplicationConfiguration",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutBucketWebsite", "s3:DeleteBucketWebsite"),
        "apply WebsiteConfiguration",
        _S3_BUCKET,
        unless=("WebsiteConfiguration",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutAccelerateConfiguration",),
        "apply AccelerateConfiguration",
        _S3_BUCKET,
        unless=("AccelerateConfiguration",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutBucketObjectLockConfiguration", "s3:PutObjectLockConfiguration"),
        "apply ObjectLockEnabled / ObjectLockConfiguration",
        _S3_BUCKET,
        unless=("ObjectLockEnabled", "ObjectLockConfiguration"),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutIntelligentTieringConfiguration",),
        "apply IntelligentTieringConfigurations",
        _S3_BUCKET,
        unless=("IntelligentTieringConfigurations",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutBucketTagging", "s3:TagResource", "s3:UntagResource", "s3:PutBucketAbac"),
        "apply Tags (and attribute-based access control on them)",
        _S3_BUCKET,
        unless=("Tags", "AbacStatus"),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:PutBucketAcl", "s3:PutObjectAcl", "s3:GetBucketAcl", "s3:DeleteObject"),
        "apply AccessControl (a canned ACL) and its probe object; BucketOwnerEnforced buckets "
        "refuse ACLs",
        _S3_BUCKET,
        unless=("AccessControl",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:DeleteBucketEncryption",),
        "remove BucketEncryption, which every bucket here sets",
        _S3_BUCKET,
        present=("BucketEncryption",),
    ),
    NotNeeded(
        "AWS::S3::Bucket",
        ("s3:DeleteBucketLifecycle",),
        "remove LifecycleConfiguration, which every bucket here sets",
        _S3_BUCKET,
        present=("LifecycleConfiguration",),
    ),
    NotNeeded(
        "AWS::CodePipeline::Pipeline",
        (
            "codepipeline:EnableStageTransition",
            "codepipeline:DisableStageTransition",
        ),
        "apply DisableInboundStageTransitions",
        _PIPELINE,
        unless=("DisableInboundStageTransitions",),
    ),
    NotNeeded(
        "AWS::CodePipeline::Pipeline",
        ("codepipeline:TagResource", "codepipeline:UntagResource"),
        "apply Tags",
        _PIPELINE,
        unless=("Tags",),
    ),
    NotNeeded(
        "AWS::Events::Rule",
        ("events:TagResource", "events:UntagResource"),
        "apply Tags",
        _RULE,
        unless=("Tags",),
    ),
    NotNeeded(
        "AWS::Events::Rule",
        ("iam:PassRole",),
        "pass the rule's or a target's RoleArn",
        _RULE,
        unless=("RoleArn", "Targets[].RoleArn"),
    ),
    NotNeeded(
        "AWS::Events::EventBus",
        ("kms:*",),
        "encrypt events with a customer managed key (KmsKeyIdentifier)",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbus.html",
        unless=("KmsKeyIdentifier",),
    ),
    NotNeeded(
        "AWS::SNS::Topic",
        ("sns:PutDataProtectionPolicy", "sns:GetDataProtectionPolicy"),
        "apply DataProtectionPolicy",
        _TOPIC,
        unless=("DataProtectionPolicy",),
    ),
    NotNeeded(
        "AWS::SNS::Topic",
        ("iam:PassRole",),
        "pass the delivery status logging roles (DeliveryStatusLogging)",
        _TOPIC,
        unless=("DeliveryStatusLogging",),
    ),
    NotNeeded(
        "AWS::CodePipeline::Pipeline",
        ("codestar-connections:PassConnection",),
        "pass a CodeStarSourceConnection action's ConnectionArn",
        _PIPELINE,
        unless=("Stages[].Actions[].Configuration.ConnectionArn",),
    ),
)

# Permissions AWS documents for a type that its registry schema does not list.
ALSO_NEEDED: tuple[AlsoNeeded, ...] = (
    # A connection ARN may use either service prefix; IAM authorizes the pass under both.
    AlsoNeeded(
        "AWS::CodePipeline::Pipeline",
        "codeconnections:PassConnection",
        ("create", "update"),
        "Stages[].Actions[].Configuration.ConnectionArn",
        "passes the source action's connection to CodePipeline",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeconnections.html",
    ),
    # A legacy resource type: its registry schema lists no handler permissions.
    *(
        AlsoNeeded(
            "AWS::CodeBuild::Project",
            permission,
            handlers,
            "ServiceRole",
            "the CreateProject, UpdateProject and DeleteProject calls, and passing ServiceRole",
            "https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-permissions-reference.html",
        )
        for permission, handlers in (
            ("codebuild:CreateProject", ("create",)),
            ("codebuild:UpdateProject", ("update",)),
            ("codebuild:DeleteProject", ("delete",)),
            ("iam:PassRole", ("create", "update")),
        )
    ),
)

# Actions that take a resource but that a handler calls without naming one, so IAM evaluates
# them against "*" ("Resource types" column of the Service Authorization Reference:
# https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
UNSCOPED: dict[str, tuple[str, str]] = {
    "cloudformation:GetTemplateSummary": (
        "the StackSet handler summarizes the TemplateURL before any stack set exists; the "
        "grant is limited by cloudformation:TemplateUrl instead",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplateSummary.html",
    ),
}


def property_values(node: Any, path: str) -> list[Any]:
    """Every value at a dotted ``path`` (``[]`` steps into each list item); booleans as text."""
    if not path:
        if node is None or node == "" or node == [] or node == {}:
            return []
        return [str(node).lower() if isinstance(node, bool) else node]
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        items = node.get(head[:-2], []) if isinstance(node, Mapping) else []
        return [v for item in as_list(items) for v in property_values(item, rest)]
    if not isinstance(node, Mapping) or head not in node:
        return []
    return property_values(node[head], rest)


def as_list(value: Any) -> list[Any]:
    """A property or policy element as a list, whichever form it had."""
    return value if isinstance(value, list) else [value]


def needed_permissions(resource_type: str, resource: Mapping[str, Any]) -> dict[str, set[str]]:
    """permission -> handlers that call it, for one rendered resource, after ``NOT_NEEDED``.

    The delete handler never runs for a resource CloudFormation retains on delete and on
    replacement (DeletionPolicy and UpdateReplacePolicy ``Retain``: ``_RETAIN_URL``), as long
    as no stack operation sets RetainExceptOnCreate (neither the pipeline nor the bootstrap does).
    """
    properties = resource.get("Properties", {})
    retained = resource.get("DeletionPolicy") == "Retain" == resource.get("UpdateReplacePolicy")
    needed: dict[str, set[str]] = {}
    token = properties.get("ServiceToken") if registry.is_custom_resource(resource_type) else None
    permissions = (
        registry.custom_resource_permissions(token)
        if registry.is_custom_resource(resource_type)
        else registry.handler_permissions(resource_type)
    )
    for handler in HANDLERS:
        if handler == "delete" and retained:
            continue
        for permission in permissions.get(handler, ()):
            if not any(
                entry.excuses(resource_type, permission, properties) for entry in NOT_NEEDED
            ):
                needed.setdefault(permission, set()).add(handler)
    for also in ALSO_NEEDED:
        if also.resource_type == resource_type and property_values(properties, also.present):
            for handler in also.handlers:
                needed.setdefault(also.permission, set()).add(handler)
    return needed
