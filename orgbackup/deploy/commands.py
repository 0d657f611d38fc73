"""What a user would type: the organization prerequisites and one AWS CLI command per stack."""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from orgbackup.deploy.config import DeploymentConfig
from orgbackup.deploy.stacks import StackInstance

__all__ = ["deploy_command", "prerequisites"]


def deploy_command(
    instance: StackInstance, parameters: Mapping[str, str], s3_bucket: str | None = None
) -> str:
    """``aws cloudformation deploy`` for one stack (it creates or updates, and waits).

    ``s3_bucket``: where the CLI uploads a template too large to send inline.
    """
    words = [
        "aws",
        "cloudformation",
        "deploy",
        "--region",
        instance.region,
        "--stack-name",
        instance.stack_name,
        "--template-file",
        instance.spec.template,
        "--capabilities",
        "CAPABILITY_IAM",
        "CAPABILITY_NAMED_IAM",
        "CAPABILITY_AUTO_EXPAND",
        "--no-fail-on-empty-changeset",
    ]
    if s3_bucket:
        words += ["--s3-bucket", s3_bucket, "--s3-prefix", "templates"]
    if parameters:
        words += ["--parameter-overrides", *(f"{k}={v}" for k, v in parameters.items())]
    return shlex.join(words)


def prerequisites(config: DeploymentConfig) -> list[tuple[str, str]]:
    """(why, command) pairs a management-account administrator runs once, in order."""
    home = config.home.account
    stacksets = "member.org.stacksets.cloudformation.amazonaws.com"
    return [
        ("trusted access for StackSets", "aws cloudformation activate-organizations-access"),
        (
            "trusted access for AWS Backup",
            "aws organizations enable-aws-service-access --service-principal backup.amazonaws.com",
        ),
        (
            "home account: StackSets delegated administrator",
            f"aws organizations register-delegated-administrator --account-id {home} "
            f"--service-principal {stacksets}",
        ),
        (
            "home account: AWS Backup delegated administrator",
            f"aws organizations register-delegated-administrator --account-id {home} "
            "--service-principal backup.amazonaws.com",
        ),
        *(
            (
                f"cross-account backup in {name} (copies to and from the central vault)",
                f"aws backup update-global-settings --region {name} "
                "--global-settings isCrossAccountBackupEnabled=true",
            )
            for name in dict.fromkeys((config.central.region, *config.target_regions))
        ),
        *(
            (
                f"enable the {policy_type} type on the root",
                f"aws organizations enable-policy-type --policy-type {policy_type} --root-id "
                '"$(aws organizations list-roots --query "Roots[0].Id" --output text)"',
            )
            # Backup policies, and the guardrail SCP the bootstrap attaches.
            for policy_type in ("BACKUP_POLICY", "SERVICE_CONTROL_POLICY")
        ),
    ]
