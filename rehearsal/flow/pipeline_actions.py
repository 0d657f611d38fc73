"""Run a pipeline stage's CloudFormation deploy actions the way CodePipeline runs them.

The actions are read from the deployed pipeline (``GetPipeline``), not from this repository:
``ActionMode`` CREATE_UPDATE creates the stack or updates it, with the template at
``TemplatePath`` and the parameters and tags of ``TemplateConfiguration`` (both
``<InputArtifact>::<path>``), the listed ``Capabilities``, and ``RoleArn`` as the stack's service
role, in ``runOrder`` order. Artifacts are local folders by name. The emulator completes a
stack operation before the call returns, so the status is read once, without polling.
https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-cfn-artifacts.html
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orgbackup.deploy.cloudformation import failure_reasons

__all__ = [
    "CloudFormationAction",
    "PipelineActionError",
    "cloudformation_actions",
    "run_action",
]

SUPPORTED_MODES = ("CREATE_UPDATE",)


class PipelineActionError(Exception):
    """Raised when an action cannot run or its stack does not reach a complete state."""


@dataclass(frozen=True, slots=True)
class CloudFormationAction:
    """One ``Deploy``/``CloudFormation`` action of a stage, as the pipeline declares it."""

    name: str
    run_order: int
    configuration: dict[str, str]

    @property
    def stack_name(self) -> str:
        return self.configuration["StackName"]


def cloudformation_actions(pipeline: Mapping[str, Any], stage: str) -> list[CloudFormationAction]:
    """The CloudFormation actions of ``stage`` in ``GetPipeline``'s ``pipeline``, by runOrder.

    Raises
    ------
    PipelineActionError
        The pipeline has no such stage.
    """
    stages = {s["name"]: s for s in pipeline.get("stages", [])}
    if stage not in stages:
        raise PipelineActionError(f"pipeline {pipeline.get('name')} has no stage {stage}")
    actions = [
        CloudFormationAction(a["name"], int(a.get("runOrder", 1)), dict(a["configuration"]))
        for a in stages[stage]["actions"]
        if a["actionTypeId"]["category"] == "Deploy"
        and a["actionTypeId"]["provider"] == "CloudFormation"
    ]
    return sorted(actions, key=lambda action: action.run_order)


def _artifact_file(reference: str, artifacts: Mapping[str, Path]) -> Path:
    name, separator, path = reference.partition("::")
    if not separator or name not in artifacts:
        raise PipelineActionError(f"{reference}: no input artifact {name!r}")
    return artifacts[name] / path


def _arguments(action: CloudFormationAction, artifacts: Mapping[str, Path]) -> dict[str, Any]:
    settings = action.configuration
    mode = settings.get("ActionMode")
    if mode not in SUPPORTED_MODES:
        raise PipelineActionError(f"{action.name}: ActionMode {mode} is not rehearsed")
    body = _artifact_file(settings["TemplatePath"], artifacts).read_text(encoding="utf-8")
    configuration: dict[str, Any] = {}
    if "TemplateConfiguration" in settings:
        text = _artifact_file(settings["TemplateConfiguration"], artifacts).read_text()
        configuration = json.loads(text)
    arguments: dict[str, Any] = {
        "StackName": action.stack_name,
        "TemplateBody": body,
        "Parameters": [
            {"ParameterKey": key, "ParameterValue": value}
            for key, value in configuration.get("Parameters", {}).items()
        ],
        "Tags": [{"Key": k, "Value": v} for k, v in configuration.get("Tags", {}).items()],
        "Capabilities": [c for c in settings.get("Capabilities", "").split(",") if c],
    }
    if settings.get("RoleArn"):
        arguments["RoleARN"] = settings["RoleArn"]
    return arguments


def _status(cloudformation: Any, stack_name: str) -> str | None:
    stacks = cloudformation.list_stacks()["StackSummaries"]
    live = [
        s for s in stacks if s["StackName"] == stack_name and s["StackStatus"] != "DELETE_COMPLETE"
    ]
    return str(live[0]["StackStatus"]) if live else None


def run_action(
    cloudformation: Any, action: CloudFormationAction, artifacts: Mapping[str, Path]
) -> str:
    """Create or update the action's stack and return its final status.

    Raises
    ------
    PipelineActionError
        Unsupported mode, a missing artifact, or a stack that did not complete (the message
        carries the stack's failed resources, as the action's error does).
    """
    arguments = _arguments(action, artifacts)
    if _status(cloudformation, action.stack_name) is None:
        cloudformation.create_stack(**arguments)
    else:
        try:
            cloudformation.update_stack(**arguments)
        except cloudformation.exceptions.ClientError as error:
            if "No updates are to be performed" not in str(error):
                raise
    status = _status(cloudformation, action.stack_name) or "MISSING"
    if not status.endswith("_COMPLETE") or "ROLLBACK" in status:
        reasons = "; ".join(failure_reasons(cloudformation, action.stack_name))
        raise PipelineActionError(f"{action.name}: stack {action.stack_name} {status}: {reasons}")
    return status
