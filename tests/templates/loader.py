"""Load the templates as plain data (intrinsics as ``{"Ref": ...}`` maps) and walk their IAM.

YAML short forms (``!Sub``) are read by cfn-lint's decoder, which turns them into the long
``Fn::`` forms; the result is converted to plain dicts and lists so tests can compare it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cfnlint.decode import decode_str

__all__ = [
    "DOCUMENT_TYPES",
    "POLICIES",
    "REPO",
    "REPOSITORY_TEMPLATES",
    "TEMPLATES",
    "Statement",
    "branches",
    "document_paths",
    "load",
    "load_path",
    "parameter_default",
    "policy_documents",
    "references",
    "statements",
]

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates"
POLICIES = REPO / "policies"


# Every template of the repository (paths relative to it): a new one is checked without
# anyone listing it.
REPOSITORY_TEMPLATES = tuple(
    sorted(
        path.relative_to(REPO).as_posix()
        for path in [*TEMPLATES.glob("*.yaml"), *(REPO / "pipeline").glob("*.yaml")]
    )
)


@cache
def _decoded(path: str) -> str:
    template, matches = decode_str((REPO / path).read_text(encoding="utf-8"))
    assert not matches, f"{path} does not parse: {matches}"
    return json.dumps(template)


def load_path(path: str) -> dict[str, Any]:
    """A fresh copy of the repository template at ``path`` (e.g. ``pipeline/pipeline.yaml``)."""
    loaded: dict[str, Any] = json.loads(_decoded(path))
    return loaded


def load(name: str) -> dict[str, Any]:
    """A fresh copy of ``templates/<name>`` as plain JSON data."""
    return load_path(f"templates/{name}")


def parameter_default(name: str, parameter: str) -> Any:
    """The default of one parameter of ``templates/<name>``."""
    return load(name)["Parameters"][parameter]["Default"]


def branches(node: Any) -> list[Any]:
    """Every value ``node`` can take: both sides of each ``Fn::If``, flattened."""
    if isinstance(node, dict) and set(node) == {"Fn::If"}:
        _, yes, no = node["Fn::If"]
        return branches(yes) + branches(no)
    return [node]


def as_list(node: Any) -> list[Any]:
    """A policy element (``Action``, ``Resource``) as a list, whichever form it had."""
    return [
        item for value in branches(node) for item in (value if isinstance(value, list) else [value])
    ]


@dataclass(frozen=True)
class Statement:
    """One IAM statement, with the template and resource it came from."""

    template: str
    resource: str
    body: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.template}:{self.resource}:{self.body.get('Sid', '?')}"

    @property
    def actions(self) -> list[str]:
        return [a for a in as_list(self.body.get("Action", [])) if isinstance(a, str)]

    @property
    def resources(self) -> list[Any]:
        return as_list(self.body.get("Resource", []))

    @property
    def allows(self) -> bool:
        return self.body.get("Effect") == "Allow"


# Where each resource type keeps its policy documents (IAM policy grammar: identity, trust,
# resource policies and SCPs). ``test_policy_document_types.py`` makes every type the
# templates use either appear here or be reviewed to hold none, and checks each path against
# the type's registry schema. ``Statement`` (an EventBridge bus policy) is a single statement.
_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "AWS::IAM::Role": ("Policies[].PolicyDocument", "AssumeRolePolicyDocument"),
    "AWS::IAM::User": ("Policies[].PolicyDocument",),
    "AWS::IAM::Group": ("Policies[].PolicyDocument",),
    "AWS::IAM::RolePolicy": ("PolicyDocument",),
    "AWS::IAM::UserPolicy": ("PolicyDocument",),
    "AWS::IAM::GroupPolicy": ("PolicyDocument",),
    "AWS::IAM::Policy": ("PolicyDocument",),
    "AWS::IAM::ManagedPolicy": ("PolicyDocument",),
    "AWS::KMS::Key": ("KeyPolicy",),
    "AWS::KMS::ReplicaKey": ("KeyPolicy",),
    "AWS::S3::BucketPolicy": ("PolicyDocument",),
    "AWS::S3::AccessPoint": ("Policy",),
    "AWS::SQS::QueuePolicy": ("PolicyDocument",),
    "AWS::SQS::QueueInlinePolicy": ("PolicyDocument",),
    "AWS::SNS::TopicPolicy": ("PolicyDocument",),
    "AWS::SNS::TopicInlinePolicy": ("PolicyDocument",),
    "AWS::Backup::BackupVault": ("AccessPolicy",),
    "AWS::Backup::LogicallyAirGappedBackupVault": ("AccessPolicy",),
    "AWS::Organizations::Policy": ("Content",),
    "AWS::Organizations::ResourcePolicy": ("Content",),
    "AWS::Events::EventBus": ("Policy",),
    "AWS::Events::EventBusPolicy": ("Statement",),
    "AWS::Logs::LogGroup": ("ResourcePolicyDocument",),
    "AWS::Logs::ResourcePolicy": ("PolicyDocument",),
    "AWS::Logs::Destination": ("DestinationPolicy",),
    "AWS::SecretsManager::ResourcePolicy": ("ResourcePolicy",),
    "AWS::ECR::Repository": ("RepositoryPolicyText",),
    "AWS::EFS::FileSystem": ("FileSystemPolicy",),
    "AWS::ApiGateway::RestApi": ("Policy",),
    "AWS::OpenSearchService::Domain": ("AccessPolicies",),
    "AWS::CodeArtifact::Domain": ("PermissionsPolicyDocument",),
    "AWS::CodeArtifact::Repository": ("PermissionsPolicyDocument",),
}


DOCUMENT_TYPES = frozenset(_DOCUMENTS)


def document_paths(resource_type: str) -> tuple[str, ...]:
    """Where ``resource_type`` keeps policy documents; ``()`` for a type that holds none."""
    return _DOCUMENTS.get(resource_type, ())


def _parsed(document: Any) -> Any:
    """A document given as a JSON string (allowed wherever the schema says object|string)."""
    if isinstance(document, str) and document.lstrip().startswith("{"):
        return json.loads(document)
    return document


def _documents(properties: dict[str, Any], path: str) -> Iterator[Any]:
    if path.startswith("Policies[]."):
        for policy in properties.get("Policies", []):
            yield _parsed(policy[path.removeprefix("Policies[].")])
    elif path == "Statement" and path in properties:
        yield {"Statement": [_parsed(properties[path])]}
    elif path in properties:
        yield _parsed(properties[path])


def policy_documents(template: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    """``(logical id, resource type, property path, document)`` of every policy document."""
    for logical_id, resource in template["Resources"].items():
        for path in _DOCUMENTS.get(resource["Type"], ()):
            for document in _documents(resource.get("Properties", {}), path):
                yield logical_id, resource["Type"], path, document


def statements(name: str) -> Iterator[Statement]:
    """Every statement of every policy document in ``templates/<name>``."""
    for logical_id, _, _, document in policy_documents(load(name)):
        for statement in as_list(document["Statement"]):
            yield Statement(name, logical_id, statement)


def references(node: Any) -> set[str]:
    """Names used by ``Ref``, ``Fn::GetAtt``, ``Fn::Sub`` and ``Condition`` inside ``node``."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                found.add(value)
            elif key == "Fn::GetAtt":
                found.add(value[0] if isinstance(value, list) else value.split(".")[0])
            elif key == "Fn::Sub":
                text = value if isinstance(value, str) else value[0]
                found |= {ref.split(".")[0] for ref in _sub_names(text)}
                if isinstance(value, list):
                    found |= references(value[1])
            elif key in ("Condition", "Fn::If") and isinstance(value, (str, list)):
                found.add(value if isinstance(value, str) else value[0])
                found |= references(value)
            else:
                found |= references(value)
    elif isinstance(node, list):
        for item in node:
            found |= references(item)
    return found


def _sub_names(text: str) -> list[str]:
    names: list[str] = []
    start = text.find("${")
    while start != -1:
        end = text.find("}", start)
        if text[start + 2 : start + 3] != "!":
            names.append(text[start + 2 : end])
        start = text.find("${", end)
    return names
