"""CodeBuild project and CodePipeline pipeline resource models over moto's backends.

CloudFormation spells the API's members in PascalCase; the service APIs take camelCase, with
two exceptions handled here: ``BuildSpec`` is ``buildspec``, and an action's ``Configuration``
is a map whose keys stay as written and whose values are strings.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codebuild-project.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codepipeline-pipeline.html
"""

from __future__ import annotations

import json
from typing import Any

from moto.codebuild.models import codebuild_backends
from moto.codepipeline.models import codepipeline_backends
from moto.core.common_models import CloudFormationModel

from rehearsal.emulator.cloudformation.resources_base import EmulatedResource

__all__ = ["PipelineResource", "ProjectResource", "api_shape"]

_RENAMED = {"BuildSpec": "buildspec"}


def _string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def api_shape(value: Any) -> Any:
    """A template value in the API's member names; ``AWS::NoValue`` list items are dropped."""
    if isinstance(value, list):
        return [api_shape(item) for item in value if item is not None]
    if not isinstance(value, dict):
        return value
    shaped: dict[str, Any] = {}
    for key, item in value.items():
        name = _RENAMED.get(key, key[:1].lower() + key[1:])
        if key == "Configuration" and isinstance(item, dict):
            shaped[name] = {k: _string(v) for k, v in item.items()}
        else:
            shaped[name] = api_shape(item)
    return shaped


class ProjectResource(EmulatedResource, CloudFormationModel):
    """``AWS::CodeBuild::Project``: Ref is the project name; GetAtt Arn, Id."""

    TYPE = "AWS::CodeBuild::Project"
    NAME_PROPERTY = "Name"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> ProjectResource:
        resource = cls(name, {}, properties, account_id, region_name)
        resource._put(properties)
        return resource

    def _put(self, properties: dict[str, Any]) -> None:
        backend = codebuild_backends[self.account_id][self.region_name]
        shaped = api_shape(properties)
        metadata = backend.create_project(
            project_name=self.physical_id,
            description=properties.get("Description"),
            project_source=shaped["source"],
            artifacts=shaped["artifacts"],
            environment=shaped["environment"],
            service_role=properties["ServiceRole"],
            tags=shaped.get("tags"),
            cache=shaped.get("cache"),
            timeout=properties.get("TimeoutInMinutes"),
            queued_timeout=properties.get("QueuedTimeoutInMinutes"),
            source_version=properties.get("SourceVersion"),
            logs_config=shaped.get("logsConfig"),
            vpc_config=shaped.get("vpcConfig"),
        )
        if "EncryptionKey" in properties:  # moto always reports the S3 managed key
            metadata["encryptionKey"] = properties["EncryptionKey"]
        self.attributes = {"Arn": metadata["arn"], "Id": self.physical_id}

    def update(self, properties: dict[str, Any]) -> None:
        # Same name, new settings: CodeBuild's UpdateProject, which moto lacks.
        codebuild_backends[self.account_id][self.region_name].delete_project(self.physical_id)
        self._put(properties)

    def delete(self, account_id: str, region_name: str) -> None:
        codebuild_backends[account_id][region_name].delete_project(self.physical_id)


class PipelineResource(EmulatedResource, CloudFormationModel):
    """``AWS::CodePipeline::Pipeline``: Ref is the pipeline name; GetAtt Version, Arn."""

    TYPE = "AWS::CodePipeline::Pipeline"
    NAME_PROPERTY = "Name"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> PipelineResource:
        backend = codepipeline_backends[account_id][region_name]
        declaration, _ = backend.create_pipeline(
            cls._declaration(name, properties), api_shape(properties.get("Tags"))
        )
        arn = backend.pipelines[name].metadata["pipelineArn"]
        attributes = {"Version": declaration["version"], "Arn": arn}
        return cls(name, attributes, properties, account_id, region_name)

    @staticmethod
    def _declaration(name: str, properties: dict[str, Any]) -> dict[str, Any]:
        members = {
            k: v
            for k, v in properties.items()
            if k not in ("Name", "Tags", "RestartExecutionOnUpdate")
        }
        return {"name": name, **api_shape(members)}

    def update(self, properties: dict[str, Any]) -> None:
        backend = codepipeline_backends[self.account_id][self.region_name]
        declaration = backend.update_pipeline(self._declaration(self.physical_id, properties))
        self.attributes = {**self.attributes, "Version": declaration["version"]}

    def delete(self, account_id: str, region_name: str) -> None:
        codepipeline_backends[account_id][region_name].delete_pipeline(self.physical_id)
