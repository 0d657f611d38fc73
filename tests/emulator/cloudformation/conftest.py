"""Deploy a template on the emulator's CloudFormation and read the stack back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Deployed:
    """A stack as DescribeStacks and DescribeStackEvents show it (events oldest first)."""

    stack: dict[str, Any]
    events: list[dict[str, Any]]

    @property
    def status(self) -> str:
        return str(self.stack["StackStatus"])

    def outputs(self) -> dict[str, str]:
        return {o["OutputKey"]: o["OutputValue"] for o in self.stack.get("Outputs") or []}

    def resource_events(self, logical_id: str) -> list[tuple[str, str]]:
        return [
            (e["ResourceStatus"], e.get("ResourceStatusReason", ""))
            for e in self.events
            if e["LogicalResourceId"] == logical_id
        ]


Deploy = Callable[..., Deployed]


def read_stack(cloudformation: Any, name: str) -> Deployed:
    stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    events = cloudformation.describe_stack_events(StackName=name)["StackEvents"]
    return Deployed(stack, list(reversed(events)))


def _parameters(values: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()]


@pytest.fixture
def deploy(aws: None) -> Deploy:
    """``deploy(name, template_body, **parameters)``: CreateStack, then read it back."""
    cloudformation = boto3.client("cloudformation")

    def create(name: str, body: str, **parameters: str) -> Deployed:
        cloudformation.create_stack(
            StackName=name,
            TemplateBody=body,
            Parameters=_parameters(parameters),
            Capabilities=["CAPABILITY_NAMED_IAM"],
        )
        return read_stack(cloudformation, name)

    return create


def repository_template(path: str) -> str:
    """A template of the repository, unchanged (``templates/...`` or ``pipeline/...``)."""
    return (REPO / path).read_text()
