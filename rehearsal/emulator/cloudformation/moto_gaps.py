"""Properties moto's own resource models accept but drop, applied after moto creates the
resource, so that the service APIs read back what the template said.

Each entry names the moto model and the properties its ``create_from_cloudformation_json``
ignores in moto 5.2 (read from its source): S3 buckets keep only encryption and tags, IAM
roles skip ManagedPolicyArns, Lambda functions skip Architectures and LoggingConfig, log
groups read ``kmsKeyId`` where CloudFormation says ``KmsKeyId``, KMS keys keep a policy
object where the API returns text, SNS topics keep only the name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from moto.awslambda.models import LambdaFunction
from moto.iam.aws_managed_policies import aws_managed_policies_data
from moto.iam.models import AWSManagedPolicy, Role, iam_backends
from moto.kms.models import Key
from moto.logs.models import LogGroup
from moto.s3.models import FakeBucket, s3_backends
from moto.sns.models import Topic, sns_backends
from moto.utilities.utils import get_partition

from rehearsal.emulator.cloudformation.resources_base import json_text

__all__ = ["APPLIERS", "attach_managed_policy", "install", "lifecycle_rules"]

Applier = Callable[[Any, dict[str, Any], str, str], None]


def lifecycle_rules(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CloudFormation's S3 lifecycle rules as PutBucketLifecycleConfiguration takes them.

    Raises
    ------
    ValueError
        For a rule member this conversion does not know (so nothing is dropped silently).
    """
    known = {
        "Id",
        "Status",
        "Prefix",
        "ExpirationInDays",
        "NoncurrentVersionExpiration",
        "AbortIncompleteMultipartUpload",
    }
    converted = []
    for rule in rules:
        unknown = sorted(set(rule) - known)
        if unknown:
            raise ValueError(f"LifecycleConfiguration rule member {unknown[0]} is not modelled")
        api: dict[str, Any] = {
            "Status": rule["Status"],
            "Filter": {"Prefix": rule.get("Prefix", "")},
        }
        if "Id" in rule:
            api["ID"] = rule["Id"]
        if "ExpirationInDays" in rule:
            api["Expiration"] = {"Days": str(rule["ExpirationInDays"])}
        if "NoncurrentVersionExpiration" in rule:
            days = rule["NoncurrentVersionExpiration"]["NoncurrentDays"]
            api["NoncurrentVersionExpiration"] = {"NoncurrentDays": str(days)}
        if "AbortIncompleteMultipartUpload" in rule:
            days = rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]
            api["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": str(days)}
        converted.append(api)
    return converted


def _bucket(bucket: FakeBucket, properties: dict[str, Any], account_id: str, region: str) -> None:
    backend = s3_backends[account_id][get_partition(region)]
    name = bucket.name
    if "VersioningConfiguration" in properties:
        backend.put_bucket_versioning(name, properties["VersioningConfiguration"]["Status"])
    if "PublicAccessBlockConfiguration" in properties:
        block = {k: str(v).lower() for k, v in properties["PublicAccessBlockConfiguration"].items()}
        backend.put_public_access_block(name, block)
    if "OwnershipControls" in properties:
        rules = properties["OwnershipControls"]["Rules"]
        backend.put_bucket_ownership_controls(name, ownership=rules[0]["ObjectOwnership"])
    if "LifecycleConfiguration" in properties:
        rules = lifecycle_rules(properties["LifecycleConfiguration"]["Rules"])
        backend.put_bucket_lifecycle(name, rules)
    if "LoggingConfiguration" in properties:
        logging_config = properties["LoggingConfiguration"]
        target = {"TargetBucket": logging_config["DestinationBucketName"]}
        if "LogFilePrefix" in logging_config:
            target["TargetPrefix"] = logging_config["LogFilePrefix"]
        _put_logging(backend, bucket, target)


def _put_logging(backend: Any, bucket: FakeBucket, target: dict[str, str]) -> None:
    # moto's own check reads every statement's Principal as a map and crashes on the valid
    # Principal "*"; with ACLs disabled (BucketOwnerEnforced) S3 takes the grant from the
    # target's bucket policy, so only the target's existence and Region are checked here.
    # https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
    destination = backend.buckets.get(target["TargetBucket"])
    if destination is None:
        raise ValueError(f"LoggingConfiguration: bucket {target['TargetBucket']} does not exist")
    if destination.region_name != bucket.region_name:
        raise ValueError("LoggingConfiguration: the target bucket is in another Region")
    bucket.logging = target


@cache
def _aws_managed_policy_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(aws_managed_policies_data)
    return data


def _ensure_aws_managed_policy(backend: Any, policy_arn: str, region: str) -> None:
    # moto loads AWS managed policies only with MOTO_IAM_LOAD_MANAGED_POLICIES (slow); AWS
    # always has them, so the one a role names is loaded from moto's own copy of them.
    if policy_arn in backend.managed_policies or ":iam::aws:policy/" not in policy_arn:
        return
    data = _aws_managed_policy_data().get(policy_arn.rsplit("/", 1)[-1])
    if data is not None:
        policy = AWSManagedPolicy.from_data(
            policy_arn.rsplit("/", 1)[-1], backend.account_id, region, data
        )
        backend.managed_policies[policy.arn] = policy


def attach_managed_policy(backend: Any, role: Role, policy_arn: str, region: str) -> None:
    """Attach ``policy_arn`` to ``role``, loading it first if it is an AWS managed policy."""
    _ensure_aws_managed_policy(backend, policy_arn, region)
    backend.attach_role_policy(policy_arn, role.name)


def _role(role: Role, properties: dict[str, Any], account_id: str, region: str) -> None:
    backend = iam_backends[account_id][get_partition(region)]
    for policy_arn in properties.get("ManagedPolicyArns") or []:
        attach_managed_policy(backend, role, policy_arn, region)
    for policy in properties.get("Policies") or []:
        # moto stores the document object; the IAM API returns (URL-encoded) JSON text.
        role.put_policy(policy["PolicyName"], json_text(policy["PolicyDocument"]))


def _function(fn: LambdaFunction, properties: dict[str, Any], account_id: str, region: str) -> None:
    if "Architectures" in properties:
        fn.architectures = list(properties["Architectures"])
    if "LoggingConfig" in properties:
        fn.logging_config = dict(properties["LoggingConfig"])  # type: ignore[attr-defined]


def _log_group(group: LogGroup, properties: dict[str, Any], account_id: str, region: str) -> None:
    if "KmsKeyId" in properties:
        group.kms_key_id = properties["KmsKeyId"]


def _key(key: Key, properties: dict[str, Any], account_id: str, region: str) -> None:
    key.policy = json_text(properties["KeyPolicy"])


def _topic(topic: Topic, properties: dict[str, Any], account_id: str, region: str) -> None:
    backend = sns_backends[account_id][region]
    # moto sets the attribute of that (snake_case) name on the topic.
    for name, attribute in (
        ("DisplayName", "display_name"),
        ("KmsMasterKeyId", "kms_master_key_id"),
    ):
        if name in properties:
            backend.set_topic_attribute(topic.arn, attribute, properties[name])


APPLIERS: tuple[tuple[type[Any], Applier], ...] = (
    (FakeBucket, _bucket),
    (Role, _role),
    (LambdaFunction, _function),
    (LogGroup, _log_group),
    (Key, _key),
    (Topic, _topic),
)


def _after_create(model: type[Any], applier: Applier) -> None:
    original = model.create_from_cloudformation_json

    def create_from_cloudformation_json(
        cls: type[Any],
        /,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        resource = original(resource_name, cloudformation_json, account_id, region_name, **kwargs)
        applier(resource, cloudformation_json.get("Properties") or {}, account_id, region_name)
        return resource

    model.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)


def _detaching_delete(original: Callable[..., None]) -> Callable[..., None]:
    """moto deletes a role's inline policies but not its managed ones, and IAM refuses to
    delete a role with attached policies; CloudFormation detaches them first."""

    def delete_from_cloudformation_json(
        cls: type[Any],
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        backend = iam_backends[account_id][get_partition(region_name)]
        role = backend.roles.get(resource_name) or next(
            (r for r in backend.roles.values() if r.name == resource_name), None
        )
        if role is not None:
            for policy_arn in list(role.managed_policies):
                backend.detach_role_policy(policy_arn, role.name)
        original(resource_name, cloudformation_json, account_id, region_name)

    return delete_from_cloudformation_json


def _configuration_with_logging(original: Callable[..., dict[str, Any]]) -> Callable[..., Any]:
    def get_configuration(self: LambdaFunction, *args: Any, **kwargs: Any) -> dict[str, Any]:
        configuration = original(self, *args, **kwargs)
        logging_config = getattr(self, "logging_config", None)
        if logging_config:
            configuration["LoggingConfig"] = logging_config
        return configuration

    return get_configuration


def install() -> None:
    """Wrap each model's create once (idempotent)."""
    for model, applier in APPLIERS:
        if not getattr(model, "_gaps_applied", False):
            _after_create(model, applier)
            model._gaps_applied = True
    if not getattr(Role, "_detaches_on_delete", False):
        Role.delete_from_cloudformation_json = classmethod(  # type: ignore[method-assign,assignment]
            _detaching_delete(Role.delete_from_cloudformation_json)
        )
        Role._detaches_on_delete = True  # type: ignore[attr-defined]
    if not getattr(LambdaFunction, "_logging_config_reported", False):
        LambdaFunction.get_configuration = _configuration_with_logging(  # type: ignore[method-assign]
            LambdaFunction.get_configuration
        )
        LambdaFunction._logging_config_reported = True  # type: ignore[attr-defined]
