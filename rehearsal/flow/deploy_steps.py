"""The two deployment paths a user takes, run for real against the emulator: the bootstrap
(``orgbackup.deploy.bootstrap --execute``) and the pipeline's Deploy stage (the publish buildspec
through the local CodeBuild runner, then the stage's CloudFormation actions as the deployed
pipeline declares them)."""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orgbackup.deploy import bootstrap
from orgbackup.deploy.config import DeploymentConfig
from orgbackup.deploy.stacks import StackInstance, stack_instances
from rehearsal.buildspec import load_buildspec, run_build
from rehearsal.flow.accounts import Accounts
from rehearsal.flow.pipeline_actions import cloudformation_actions, run_action
from rehearsal.flow.record import Row

__all__ = ["DeployContext", "run_bootstrap", "run_deploy_actions", "run_publish"]

DEPLOY_STAGE = "Deploy"
PUBLISH_ACTION = "Publish"


@dataclass(frozen=True, slots=True)
class DeployContext:
    """The rewritten configuration and where things are."""

    config: DeploymentConfig
    config_path: Path
    root: Path
    dist: Path
    work: Path  # scratch folder for the build's input artifacts
    accounts: Accounts

    def home_client(self, service: str) -> Any:
        return self.accounts.client(self.config.home.account, service, self.config.home.region)

    def stack_set_name(self, logical_id: str) -> str:
        """The name of a StackSet of the pipeline's stacksets stack (``Ref`` is ``name:id``)."""
        resource = self.home_client("cloudformation").describe_stack_resource(
            StackName=f"{self.config.name}-stacksets", LogicalResourceId=logical_id
        )["StackResourceDetail"]
        return str(resource["PhysicalResourceId"]).split(":", 1)[0]


def _stack_row(context: DeployContext, instance: StackInstance) -> Row:
    name, account, region = instance.stack_name, instance.account, instance.region
    cloudformation = context.accounts.client(account, "cloudformation", region)
    stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    return {"stack": name, "template": instance.spec.template, "account": account,
            "Region": region, "status": stack["StackStatus"]}  # fmt: skip


def run_bootstrap(context: DeployContext) -> tuple[int, str, list[Row]]:
    """``bootstrap --execute`` in-process: its exit code, its output and the stacks it made."""
    output = io.StringIO()
    arguments = ["--config", str(context.config_path), "--root", str(context.root), "--execute"]
    arguments += ["--endpoint-url", context.accounts.endpoint, "--poll", "1"]
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        code = bootstrap.main(arguments)
    rows = [_stack_row(context, i) for i in stack_instances(context.config, "bootstrap")]
    return code, output.getvalue(), rows


def _pipeline(context: DeployContext) -> dict[str, Any]:
    codepipeline = context.home_client("codepipeline")
    name = f"{context.config.name}-pipeline-deploy"
    return dict(codepipeline.get_pipeline(name=name)["pipeline"])


def _publish_role(context: DeployContext, project: str) -> str:
    codebuild = context.home_client("codebuild")
    found = codebuild.batch_get_projects(names=[project])["projects"]
    if not found:
        raise LookupError(f"CodeBuild project {project} does not exist")
    return str(found[0]["serviceRole"]).rsplit("/", 1)[-1]


def run_publish(context: DeployContext, log: io.StringIO) -> tuple[bool, str]:
    """The Deploy stage's Publish action: its project's buildspec, run by the local CodeBuild
    runner in the repository with the project's service role. Returns (succeeded, project)."""
    action = next(
        a for s in _pipeline(context)["stages"] if s["name"] == DEPLOY_STAGE
        for a in s["actions"] if a["name"] == PUBLISH_ACTION
    )  # fmt: skip
    project = str(action["configuration"]["ProjectName"])
    package_output = context.work / "PackageOutput"
    shutil.rmtree(package_output, ignore_errors=True)
    shutil.copytree(context.dist, package_output / "dist")
    role = _publish_role(context, project)
    credentials = context.accounts.credentials(context.config.home.account, role)
    overrides = {
        "CONFIG": str(context.config_path),
        "CODEBUILD_SRC_DIR_PackageOutput": str(package_output),
        "AWS_ENDPOINT_URL": context.accounts.endpoint,
        "AWS_DEFAULT_REGION": context.config.home.region,
        "AWS_REGION": context.config.home.region,
        **credentials,
    }
    spec = load_buildspec(context.root / "buildspecs" / "deploy.yml")
    result = run_build(spec, context.root, overrides, out=log)
    return result.succeeded, project


def run_deploy_actions(context: DeployContext) -> list[Row]:
    """Every CloudFormation action of the Deploy stage, in order, in the home account."""
    artifacts = {"SourceOutput": context.root, "DeployConfig": context.root}
    cloudformation = context.home_client("cloudformation")
    rows = []
    for action in cloudformation_actions(_pipeline(context), DEPLOY_STAGE):
        status = run_action(cloudformation, action, artifacts)
        rows.append(
            {
                "action": action.name,
                "stack": action.stack_name,
                "template": action.configuration["TemplatePath"],
                "role": action.configuration.get("RoleArn", "").rsplit("/", 1)[-1],
                "status": status,
            }
        )
    return rows
