"""The stacks of one deployment: which template, stack name, account and Region, and who deploys it.

Bootstrap stacks are created once by ``orgbackup.deploy.bootstrap`` (in this order); pipeline
stacks are deployed on every run of the pipeline from the template configurations that
``orgbackup.deploy.publish`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from orgbackup.deploy.config import DeploymentConfig

__all__ = [
    "STACKS",
    "STACKSET_BODIES",
    "StackInstance",
    "StackSetBody",
    "StackSpec",
    "stack_instances",
    "stackset_regions",
]

AccountRole = Literal["management", "home", "central"]
DeployedBy = Literal["bootstrap", "pipeline"]
BodyRegions = Literal["central", "target", "air-gapped", "iam"]


@dataclass(frozen=True, slots=True)
class StackSpec:
    """One kind of stack: its template, name suffix, where it goes and who deploys it."""

    kind: str
    template: str
    suffix: str
    account: AccountRole
    deployed_by: DeployedBy
    per_artifact_region: bool = False
    # An optional part of the solution (e.g. "audit"): deployed only when the configuration
    # enables it (``DeploymentConfig.enables``).
    feature: str = ""


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
    # Before the StackSets: the member stacks forward failed jobs to its event bus.
    StackSpec(
        "monitoring",
        "templates/job-monitoring.yaml",
        "monitoring",
        "home",
        "pipeline",
        feature="monitoring",
    ),
    StackSpec("stacksets", "templates/stacksets.yaml", "stacksets", "home", "pipeline"),
    StackSpec("org-policies", "templates/org-policies.yaml", "org-policies", "home", "pipeline"),
    # After the StackSets (the framework StackSet is one of them): the report plans.
    StackSpec(
        "audit", "templates/audit-reports.yaml", "audit", "home", "pipeline", feature="audit"
    ),
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
        if spec.deployed_by != deployed_by or not config.enables(spec.feature):
            continue
        account, regions = _placement(config, spec)
        for region in regions:
            instances.append(StackInstance(spec, f"{config.name}-{spec.suffix}", account, region))
    return instances


@dataclass(frozen=True, slots=True)
class StackSetBody:
    """A StackSet body of ``templates/stacksets.yaml``: its URL parameter and its Regions."""

    name: str
    url_parameter: str
    regions: BodyRegions
    feature: str = ""

    @property
    def template(self) -> str:
        return f"templates/{self.name}.yaml"


# Uploaded under content-addressed keys and passed to stacksets.yaml as S3 URLs. The
# air-gapped vault has a body of its own: its resource type is missing in some Regions, and
# StackSet template validation rejects an unknown type even under a false condition.
STACKSET_BODIES: tuple[StackSetBody, ...] = (
    StackSetBody("member-account", "MemberTemplateUrl", "target"),
    StackSetBody("central-backup-account", "CentralTemplateUrl", "central"),
    StackSetBody("central-air-gapped-vault", "AirGappedTemplateUrl", "air-gapped"),
    # IAM is global: one Region, the one member stacks create account-wide roles in.
    StackSetBody("break-glass-role", "BreakGlassTemplateUrl", "iam"),
    StackSetBody("audit-framework", "AuditFrameworkTemplateUrl", "target", feature="audit"),
    StackSetBody(
        "member-restore-testing", "RestoreTestingTemplateUrl", "target", feature="restore_testing"
    ),
)


def stackset_regions(config: DeploymentConfig, body: StackSetBody) -> list[tuple[str, str]]:
    """Where ``body`` is deployed: (the configuration field that says so, Region) pairs."""
    if not config.enables(body.feature):
        return []
    if body.regions == "central":
        return [("$.central.region", config.central.region)]
    if body.regions == "target":
        return [(f"$.target_regions[{i}]", r) for i, r in enumerate(config.target_regions)]
    if body.regions == "iam":
        return [("$.target_regions", config.iam_region)]
    if config.air_gapped_vault is None:
        return []
    regions = config.air_gapped_vault.regions
    return [(f"$.central.air_gapped_vault.regions[{i}]", r) for i, r in enumerate(regions)]
