"""What the rehearsal deploys and what it expects to see: names from the templates, the policy
it drives through Create -> Update -> Delete, the resources it restores, and their tags.

Tests change an expectation here to prove the rehearsal notices a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cfnlint.decode import decode

ROOT_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT_DIR / "templates"
POLICIES = ROOT_DIR / "policies"
REGION = "us-east-1"


def template_default(template: str, parameter: str) -> str:
    """The default of ``parameter`` in ``templates/<template>``, so names never drift."""
    decoded, matches = decode(str(TEMPLATES / template))
    if decoded is None:
        raise ValueError(f"templates/{template} does not parse: {matches}")
    return str(decoded["Parameters"][parameter]["Default"])


def function_environment(function: str) -> dict[str, str]:
    """The literal environment variables the templates give ``function``'s Lambda
    (values set from parameters are left out), so the rehearsal runs it configured alike."""
    for path in sorted(TEMPLATES.glob("*.yaml")):
        decoded, _ = decode(str(path))
        for resource in (decoded or {}).get("Resources", {}).values():
            properties = resource.get("Properties", {})
            if properties.get("Handler") == f"{function}.app.handler":
                variables = properties.get("Environment", {}).get("Variables", {})
                return {k: v for k, v in variables.items() if isinstance(v, str)}
    raise LookupError(f"no template deploys {function}.app.handler")


@dataclass(frozen=True, slots=True)
class PolicyStage:
    """The custom resource's properties at one stage, and which accounts get the plan."""

    targets: tuple[str, ...]  # OU paths or "Root"
    regions: tuple[str, ...]
    covered_accounts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RestoreCase:
    """A tagged resource in the workload account, backed up and restored."""

    resource_type: str
    name: str
    source_tags: dict[str, str]
    delete_source_before_restore: bool = False


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything the rehearsal does and expects."""

    policy_file: str = "daily.json"
    policy_name: str = "org-backup-daily"
    plan_name: str = "org-backup-daily"
    create: PolicyStage = PolicyStage(
        targets=("Workloads",),
        regions=(REGION,),
        covered_accounts=("app-dev", "app-prod", "payments-db"),
    )
    update: PolicyStage = PolicyStage(
        targets=("Workloads/Prod", "Infrastructure"),
        regions=(REGION, "eu-west-1"),
        covered_accounts=("app-prod", "home", "payments-db"),
    )
    # A second policy on the deepest OU: its account then gets the plans of both.
    tier_policy_file: str = "data-classification.json"
    tier_policy_name: str = "org-backup-data-classification"
    tier_target: str = "Workloads/Prod/Critical"
    tier_plans: tuple[str, ...] = (
        "org-backup-tier-critical",
        "org-backup-tier-sensitive",
        "org-backup-tier-standard",
    )
    tier_accounts: tuple[str, ...] = ("payments-db",)
    workload_account: str = "app-prod"
    recovery_point_tags: dict[str, str] = field(default_factory=lambda: {"backup-policy": "daily"})
    restores: tuple[RestoreCase, ...] = (
        RestoreCase(
            "DynamoDB",
            "orders",
            {"CostCenter": "4711", "Owner": "payments", "backup": "daily"},
        ),
        RestoreCase(
            "EBS",
            "orders-data",
            {"CostCenter": "4711", "Name": "orders-data", "backup": "daily"},
        ),
        RestoreCase(
            "S3",
            "orders-exports",
            {"CostCenter": "4711", "DataClass": "internal", "backup": "daily"},
            # The disaster-recovery case: the source is gone, its tags come from the backup.
            delete_source_before_restore=True,
        ),
    )
    provenance_prefix: str = "backup:restore:"
    # Replaces the tags expected on one restored resource (by name); tests use it.
    expected_tags_override: dict[str, dict[str, str]] = field(default_factory=dict)

    def with_expected_tags(self, name: str, tags: dict[str, str]) -> Scenario:
        return replace(self, expected_tags_override={**self.expected_tags_override, name: tags})

    def with_covered_accounts_after_create(self, accounts: tuple[str, ...]) -> Scenario:
        return replace(self, create=replace(self.create, covered_accounts=accounts))


@dataclass(frozen=True, slots=True)
class Names:
    """Resource names the templates create, read from their parameter defaults."""

    member_vault: str
    member_role: str
    central_vault: str
    management_role: str
    artifact_prefix: str

    @classmethod
    def from_templates(cls) -> Names:
        return cls(
            member_vault=template_default("member-account.yaml", "MemberVaultName"),
            member_role=template_default("member-account.yaml", "MemberBackupRoleName"),
            central_vault=template_default("central-backup-account.yaml", "CentralVaultName"),
            management_role=template_default("management-account.yaml", "PolicyManagerRoleName"),
            artifact_prefix=template_default("artifact-bucket.yaml", "BucketNamePrefix"),
        )


def expected_restored_tags(
    scenario: Scenario, case: RestoreCase, job: dict[str, Any]
) -> dict[str, str]:
    """Source tags (the recovery point's copy when the source is gone), the recovery point's
    own tags, and provenance tags naming the restore job, recovery point and source."""
    if case.name in scenario.expected_tags_override:
        return scenario.expected_tags_override[case.name]
    prefix = scenario.provenance_prefix
    return {
        **scenario.recovery_point_tags,
        **case.source_tags,
        f"{prefix}restore-job-id": job["RestoreJobId"],
        f"{prefix}recovery-point-arn": job["RecoveryPointArn"],
        f"{prefix}source-resource-arn": job["SourceResourceArn"],
    }
