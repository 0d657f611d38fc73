"""The stacks of one deployment: which template, stack name, account and Region, and who deploys it.

Bootstrap stacks are created once by ``local.deploy.bootstrap`` (in this order); pipeline
stacks are deployed on every run of the pipeline from the template configurations that
``local.deploy.publish`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from local.deploy.config import DeploymentConfig

__all__ = ["STACKS", "StackInstance", "StackSpec", "stack_instances"]

AccountRole = Literal["management", "home", "central"]
DeployedBy = Literal["bootstrap", "pipeline"]


@dataclass(frozen=True, slots=True)
class StackSpec:
    """One kind of stack: its template, name suffix, where it goes and who deploys it."""

    kind: str
    template: str
    suffix: str
    account: AccountRole
    deployed_by: DeployedBy
    per_artifact_region: bool = False


STACKS: tuple[StackSpec, ...] = (
    # Bootstrap, in order: delegation first (the home account needs it to manage policies),
    # then the buckets the pipeline uploads to, the pipeline itself, and the guardrail SCP
    # (management account: only it may own service control policies). The central vault
    # is a StackSet of stacksets.yaml, deployed by the pipeline like the member accounts.
    StackSpec(
        "management", "templates/management-account.yaml", "management", "management", "bootstrap"
    ),
    StackSpec(
        "artifact-bucket", "templates/artifact-bucket.yaml", "artifacts", "home", "bootstrap", True
    ),
    StackSpec("pipeline", "pipeline/pipeline.yaml", "pipeline", "home", "bootstrap"),
    # Last: the guardrails exempt the pipeline's and StackSets' roles, which now exist.
    StackSpec(
        "scp-guardrails",
        "templates/scp-guardrails.yaml",
        "scp-guardrails",
        "management",
        "bootstrap",
    ),
    # Deployed by the pipeline, in its Deploy stage, in this order.
    StackSpec("stacksets", "templates/stacksets.yaml", "stacksets", "home", "pipeline"),
    StackSpec("org-policies", "templates/org-policies.yaml", "org-policies", "home", "pipeline"),
)


@dataclass(frozen=True, slots=True)
class StackInstance:
    """A stack of a given kind placed in one account and Region."""

    spec: StackSpec
    stack_name: str
    account: str
    region: str


def _placement(config: DeploymentConfig, spec: StackSpec) -> tuple[str, list[str]]:
    if spec.account == "management":
        return config.management_account, [config.home.region]
    if spec.account == "central":
        return config.central.account, [config.central.region]
    regions = list(config.artifact_regions) if spec.per_artifact_region else [config.home.region]
    return config.home.account, regions


def stack_instances(config: DeploymentConfig, deployed_by: DeployedBy) -> list[StackInstance]:
    """Every stack ``deployed_by`` creates for ``config``, in deployment order."""
    instances = []
    for spec in STACKS:
        if spec.deployed_by != deployed_by:
            continue
        account, regions = _placement(config, spec)
        for region in regions:
            instances.append(StackInstance(spec, f"{config.name}-{spec.suffix}", account, region))
    return instances
