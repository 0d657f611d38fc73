"""AWS Organizations resource models: policies (SCPs and the other types, attached to their
targets) and the organization's resource-based delegation policy, over the emulator's
Organizations backend.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-policy.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-resourcepolicy.html
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.organizations.exceptions import OrganizationsClientError
from moto.utilities.utils import get_partition

from rehearsal.emulator.cloudformation import organizations_resource_policy as resource_policy
from rehearsal.emulator.cloudformation.resources_base import EmulatedResource, json_text

__all__ = ["PolicyResource", "ResourcePolicyResource"]


def _backend(account_id: str, region_name: str) -> Any:
    return resource_policy.organization_backend(account_id, get_partition(region_name))


def _tags(properties: dict[str, Any]) -> list[dict[str, str]]:
    return list(properties.get("Tags") or [])


class PolicyResource(EmulatedResource, CloudFormationModel):
    """``AWS::Organizations::Policy``: Ref is the policy id; GetAtt Id, Arn, AwsManaged.

    Targets are attached on create and diffed on update (attach new, then detach removed);
    delete detaches every target first, as DeletePolicy requires.
    """

    TYPE = "AWS::Organizations::Policy"
    NAME_PROPERTY = "Name"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> PolicyResource:
        backend = _backend(account_id, region_name)
        summary = backend.create_policy(
            Content=json_text(properties["Content"]),
            Description=properties.get("Description", ""),
            Name=properties.get("Name", name),
            Type=properties["Type"],
            Tags=_tags(properties),
        )["Policy"]["PolicySummary"]
        resource = cls(
            summary["Id"],
            {"Id": summary["Id"], "Arn": summary["Arn"], "AwsManaged": False},
            properties,
            account_id,
            region_name,
        )
        try:
            for target in properties.get("TargetIds") or []:
                backend.attach_policy(PolicyId=summary["Id"], TargetId=target)
        except Exception:
            resource.delete(account_id, region_name)
            raise
        return resource

    def update(self, properties: dict[str, Any]) -> None:
        backend = _backend(self.account_id, self.region_name)
        backend.update_policy(
            PolicyId=self.physical_id,
            Name=properties.get("Name", self.properties.get("Name")),
            Description=properties.get("Description", ""),
            Content=json_text(properties["Content"]),
        )
        old = list(self.properties.get("TargetIds") or [])
        new = list(properties.get("TargetIds") or [])
        for target in new:
            if target not in old:
                backend.attach_policy(PolicyId=self.physical_id, TargetId=target)
        for target in old:
            if target not in new:
                backend.detach_policy(PolicyId=self.physical_id, TargetId=target)
        old_tags = {t["Key"] for t in _tags(self.properties)}
        removed = sorted(old_tags - {t["Key"] for t in _tags(properties)})
        if removed:
            backend.untag_resource(ResourceId=self.physical_id, TagKeys=removed)
        if _tags(properties):
            backend.tag_resource(ResourceId=self.physical_id, Tags=_tags(properties))

    def delete(self, account_id: str, region_name: str) -> None:
        backend = _backend(account_id, region_name)
        targets: list[str] = []
        page: dict[str, Any] = {"NextToken": None}
        while "NextToken" in page:
            token = {"NextToken": page["NextToken"]} if page["NextToken"] else {}
            page = backend.list_targets_for_policy(PolicyId=self.physical_id, **token)
            targets += [target["TargetId"] for target in page["Targets"]]
            if not page.get("NextToken"):
                break
        for target_id in targets:
            backend.detach_policy(PolicyId=self.physical_id, TargetId=target_id)
        backend.delete_policy(PolicyId=self.physical_id)


class ResourcePolicyResource(EmulatedResource, CloudFormationModel):
    """``AWS::Organizations::ResourcePolicy``: Ref is the policy id; GetAtt Id, Arn.

    Only the management account can create it, and an organization has at most one.
    """

    TYPE = "AWS::Organizations::ResourcePolicy"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> ResourcePolicyResource:
        partition = get_partition(region_name)
        try:
            resource_policy.describe_resource_policy(account_id, partition)
        except resource_policy.ResourcePolicyNotFoundException:
            pass
        else:
            raise OrganizationsClientError(
                "AlreadyExists", "The organization already has a resource policy."
            )
        policy = resource_policy.put_resource_policy(
            account_id, json_text(properties["Content"]), partition
        )
        return cls(
            policy.id, {"Id": policy.id, "Arn": policy.arn}, properties, account_id, region_name
        )

    def update(self, properties: dict[str, Any]) -> None:
        resource_policy.put_resource_policy(
            self.account_id, json_text(properties["Content"]), get_partition(self.region_name)
        )

    def delete(self, account_id: str, region_name: str) -> None:
        resource_policy.delete_resource_policy(account_id, get_partition(region_name))
