"""Generate the org-policies template a deployment deploys: one policy resource per entry.

CloudFormation cannot loop over a parameter-defined list, so the template comes from the
configuration. ``templates/org-policies.yaml`` stays a complete template on its own (the four
policies of ``policies/``, one key parameter each, all attached to ``PolicyTargets``); from it
this keeps the function, role and log resources and the parameters, and replaces its
``Custom::BackupOrgPolicy`` resources, their conditions, key parameters and outputs with one
resource per entry: its own content-addressed key and its own targets, written in.
A resource is named after its policy (``LongRetentionPolicy``, name ``<prefix>-long-retention``),
as the repository template names the four, so an upgrade updates them in place.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

import yaml

from orgbackup.deploy.errors import DeployError
from orgbackup.deploy.policy_config import POLICY_RESOURCE_TYPE
from orgbackup.deploy.policy_entries import PolicyEntry

__all__ = ["org_policies_template", "render_template"]

_POLLING_STATEMENT = "OwnPollingRules"
# crhelper's polling rule is named <logical id> plus 8 characters.
_RULE_ARN = "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/%s????????"


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("Ref"), str):
            yield node["Ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _long_get_att(node: object) -> object:
    """``{"Fn::GetAtt": "A.Arn"}`` (the short form's reading) -> ``["A", "Arn"]``, as JSON wants."""
    if isinstance(node, dict):
        return {
            key: value.split(".", 1)
            if key == "Fn::GetAtt" and isinstance(value, str)
            else _long_get_att(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_long_get_att(value) for value in node]
    return node


def _strip_policies(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Remove the fixed policy resources and what only they use; return one of them (the
    shape every generated resource copies) and their descriptions by logical id."""
    resources = document["Resources"]
    fixed = {name: spec for name, spec in resources.items() if spec["Type"] == POLICY_RESOURCE_TYPE}
    if not fixed:
        raise DeployError(f"the org-policies template has no {POLICY_RESOURCE_TYPE} to copy")
    conditions = {spec.get("Condition") for spec in fixed.values()} - {None}
    parameters = {
        ref for spec in fixed.values() for ref in _refs(spec["Properties"]["PolicyContent"])
    }
    parameters.add("PolicyTargets")
    for name in fixed:
        del resources[name]
    document["Conditions"] = {
        k: v for k, v in document.get("Conditions", {}).items() if k not in conditions
    }
    document["Parameters"] = {
        k: v for k, v in document["Parameters"].items() if k not in parameters
    }
    document["Outputs"] = {
        k: v
        for k, v in document.get("Outputs", {}).items()
        if v.get("Condition") not in conditions and not set(_refs(v)) & set(fixed)
    }
    interface = document.get("Metadata", {}).get("AWS::CloudFormation::Interface", {})
    for group in interface.get("ParameterGroups", []):
        group["Parameters"] = [p for p in group["Parameters"] if p not in parameters]
    prototype = next(iter(fixed.values()))
    descriptions = {
        name: str(spec["Properties"].get("PolicyDescription", "")) for name, spec in fixed.items()
    }
    return prototype, descriptions


def _policy_resource(
    prototype: dict[str, Any], entry: PolicyEntry, key: str, description: str
) -> dict[str, Any]:
    resource = copy.deepcopy(prototype)
    resource.pop("Condition", None)
    properties = resource["Properties"]
    properties["PolicyName"] = {"Fn::Sub": f"${{PolicyNamePrefix}}-{entry.name}"}
    properties["PolicyDescription"] = description
    properties["PolicyContent"]["S3"]["Key"] = key
    properties["PolicyTargets"] = list(entry.targets)
    return resource


def _set_polling_rules(document: dict[str, Any], logical_ids: Sequence[str]) -> None:
    for resource in document["Resources"].values():
        for policy in resource.get("Properties", {}).get("Policies", []):
            for statement in policy["PolicyDocument"]["Statement"]:
                if statement.get("Sid") == _POLLING_STATEMENT:
                    statement["Resource"] = [{"Fn::Sub": _RULE_ARN % i} for i in logical_ids]


def org_policies_template(
    template: Mapping[str, Any], entries: Sequence[PolicyEntry], keys: Mapping[str, str]
) -> dict[str, Any]:
    """The template for ``entries``; ``keys`` maps each entry's file to its uploaded S3 key.

    Raises
    ------
    DeployError
        A file has no uploaded key, or the template has no policy resource to copy.
    """
    document = copy.deepcopy(dict(template))
    prototype, descriptions = _strip_policies(document)
    for entry in entries:
        if entry.file not in keys:
            raise DeployError(f"{entry.file} has no uploaded policy document (field {entry.field})")
        description = (
            entry.description
            or descriptions.get(entry.logical_id)
            or (f"Backup policy {entry.file}")
        )
        resource = _policy_resource(prototype, entry, keys[entry.file], description)
        document["Resources"][entry.logical_id] = resource
        document["Outputs"][f"{entry.logical_id}Id"] = {
            "Description": f"Organizations policy id of the {entry.name} policy.",
            "Value": {"Ref": entry.logical_id},
        }
    _set_polling_rules(document, [entry.logical_id for entry in entries])
    return cast(dict[str, Any], _long_get_att(document))


def render_template(document: Mapping[str, Any]) -> str:
    """The template as YAML, in a stable order (the same inputs give the same bytes)."""
    header = "# Generated by orgbackup.deploy.publish from templates/org-policies.yaml.\n"
    return header + str(yaml.safe_dump(dict(document), sort_keys=False, width=100))
