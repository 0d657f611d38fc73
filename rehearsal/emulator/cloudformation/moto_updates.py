"""Stack updates of moto's own models where moto updates nothing or too little: IAM roles
(moto changes only the description, and reads MaxSessionDuration from the wrong key), KMS keys
and log groups (no update at all), SQS queues (two attributes only), and the properties
``moto_gaps`` applies after create.

Changed create-only properties (the registry schema's) replace a resource; a custom name makes
that a failure, as in CloudFormation.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.awslambda.models import LambdaFunction
from moto.iam.models import Role, iam_backends
from moto.kms.models import Key
from moto.logs.models import LogGroup
from moto.s3.models import FakeBucket
from moto.sns.models import Topic
from moto.sqs.models import Queue, sqs_backends
from moto.utilities.utils import get_partition

from rehearsal.emulator.cloudformation import moto_gaps
from rehearsal.emulator.cloudformation.errors import ResourceFailedError
from rehearsal.emulator.cloudformation.resources_base import json_text
from rehearsal.emulator.cloudformation.resources_policies import role_policy_resources

__all__ = ["install"]

Update = Callable[[Any, Any, str, dict[str, Any], str, str], Any]


def _refuse_named_replacement(resource_type: str, name: str) -> ResourceFailedError:
    return ResourceFailedError(
        name,
        resource_type,
        "CloudFormation cannot update a stack when a custom-named resource requires replacing. "
        f"Rename {name} and update the stack again.",
    )


def _owned_by_other_resources(backend: Any, role_name: str) -> set[str]:
    owned = {policy for role, policy in role_policy_resources(backend) if role == role_name}
    for inline in backend.inline_policies.values():  # moto's AWS::IAM::Policy
        if role_name in (inline.role_names or []):
            owned.add(inline.policy_name)
    return owned


def _role(
    cls: Any, role: Role, new_name: str, cfn: dict[str, Any], account: str, region: str
) -> Any:
    properties = cfn.get("Properties") or {}
    if (
        properties.get("RoleName", role.name) != role.name
        or properties.get("Path", "/") != role.path
    ):
        if "RoleName" in properties:
            raise _refuse_named_replacement("AWS::IAM::Role", properties["RoleName"])
        replacement = cls.create_from_cloudformation_json(new_name, cfn, account, region)
        cls.delete_from_cloudformation_json(role.name, cfn, account, region)
        return replacement
    backend = iam_backends[account][get_partition(region)]
    backend.update_assume_role_policy(role.name, json_text(properties["AssumeRolePolicyDocument"]))
    backend.update_role(
        role.name, properties.get("Description", ""), properties.get("MaxSessionDuration", 3600)
    )
    wanted = {
        p["PolicyName"]: json_text(p["PolicyDocument"]) for p in properties.get("Policies") or []
    }
    # The role's handler removes only the inline policies of its own Policies property; those
    # of AWS::IAM::RolePolicy or AWS::IAM::Policy resources stay (they have handlers of their own).
    for name in set(role.policies) - set(wanted) - _owned_by_other_resources(backend, role.name):
        backend.delete_role_policy(role.name, name)
    for name, document in wanted.items():
        backend.put_role_policy(role.name, name, document)
    managed = set(properties.get("ManagedPolicyArns") or [])
    for policy_arn in set(role.managed_policies) - managed:
        backend.detach_role_policy(policy_arn, role.name)
    for policy_arn in managed - set(role.managed_policies):
        moto_gaps.attach_managed_policy(backend, role, policy_arn, region)
    return role


def _key(cls: Any, key: Key, new_name: str, cfn: dict[str, Any], account: str, region: str) -> Any:
    properties = cfn.get("Properties") or {}
    key.policy = json_text(properties["KeyPolicy"])
    key.description = properties.get("Description", "")
    key.key_rotation_status = bool(properties.get("EnableKeyRotation", False))
    key.enabled = bool(properties.get("Enabled", True))
    key.key_state = "Enabled" if key.enabled else "Disabled"
    return key


def _log_group(
    cls: Any, group: LogGroup, new_name: str, cfn: dict[str, Any], account: str, region: str
) -> Any:
    properties = cfn.get("Properties") or {}
    if properties.get("LogGroupName", group.name) != group.name:
        raise _refuse_named_replacement("AWS::Logs::LogGroup", properties["LogGroupName"])
    group.retention_in_days = properties.get("RetentionInDays")
    group.kms_key_id = properties.get("KmsKeyId")
    return group


def _queue(
    cls: Any, queue: Queue, new_name: str, cfn: dict[str, Any], account: str, region: str
) -> Any:
    # moto's update applies VisibilityTimeout and ReceiveMessageWaitTimeSeconds only.
    properties = cfn.get("Properties") or {}
    if properties.get("QueueName", queue.name) != queue.name:
        raise _refuse_named_replacement("AWS::SQS::Queue", properties["QueueName"])
    attributes = {k: str(v) for k, v in properties.items() if k not in ("QueueName", "Tags")}
    sqs_backends[account][region].set_queue_attributes(queue.name, attributes)
    return queue


def _reapplying(model: type[Any]) -> Update:
    """moto's update, then the properties moto drops, applied again with the new values."""
    original = model.update_from_cloudformation_json
    applier = dict(moto_gaps.APPLIERS)[model]

    def update(
        cls: Any,
        original_resource: Any,
        new_name: str,
        cfn: dict[str, Any],
        account: str,
        region: str,
    ) -> Any:
        resource = original(original_resource, new_name, cfn, account, region)
        applier(resource, cfn.get("Properties") or {}, account, region)
        return resource

    return update


def _called_as_moto_calls(update: Update) -> Callable[..., Any]:
    # moto calls update_from_cloudformation_json with keyword arguments.
    def update_from_cloudformation_json(
        cls: Any,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        return update(
            cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name
        )

    return update_from_cloudformation_json


def install() -> None:
    """Install the updates once (after ``moto_gaps.install``)."""
    updates: dict[type[Any], Update] = {
        Role: _role,
        Key: _key,
        LogGroup: _log_group,
        Queue: _queue,
        FakeBucket: _reapplying(FakeBucket),
        LambdaFunction: _reapplying(LambdaFunction),
        Topic: _reapplying(Topic),
    }
    for model, update in updates.items():
        if not getattr(model, "_cfn_update_installed", False):
            model.update_from_cloudformation_json = classmethod(_called_as_moto_calls(update))
            model._cfn_update_installed = True
