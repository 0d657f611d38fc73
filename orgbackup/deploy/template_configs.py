"""Parameter values for every stack, and the CloudFormation template-configuration files.

Values come only from the configuration file and from content-addressed artifact keys,
never from the commit, so a commit that changes neither (a docs-only commit) produces
byte-identical template configurations and CloudFormation has nothing to update.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from orgbackup.deploy.artifacts import Artifact
from orgbackup.deploy.config import DeploymentConfig
from orgbackup.deploy.errors import DeployError
from orgbackup.deploy.restore_testing import restore_testing_values
from orgbackup.deploy.stacks import STACKS, STACKSET_BODIES, StackInstance
from orgbackup.deploy.templates import TemplateInfo

__all__ = [
    "CODE_KEY_PARAMETERS",
    "STACKSET_TEMPLATES",
    "TEMPLATE_URL_PARAMETERS",
    "parameter_values",
    "policy_key_parameter",
    "stack_parameters",
    "template_configuration",
    "write_template_configuration",
]

# One key parameter per function, as the shared template contract names them.
CODE_KEY_PARAMETERS = {
    "backup_org_policy_manager": "PolicyManagerCodeKey",
    "tag_on_restore": "TagOnRestoreCodeKey",
    "backup_region_settings": "RegionSettingsCodeKey",
    "restore_validation": "RestoreValidationCodeKey",
    "job_summary": "JobSummaryCodeKey",
}
# StackSet bodies, passed to stacksets.yaml as S3 URLs in the home Region's bucket.
TEMPLATE_URL_PARAMETERS = {body.name: body.url_parameter for body in STACKSET_BODIES}
STACKSET_TEMPLATES = tuple(body.template for body in STACKSET_BODIES)
SOLUTION_TAG = "org-backup-as-code"


def policy_key_parameter(policy_name: str) -> str:
    """``long-retention`` (from ``policies/long-retention.json``) -> ``LongRetentionPolicyKey``."""
    words = [word for word in re.split(r"[^A-Za-z0-9]+", policy_name) if word]
    return "".join(word[0].upper() + word[1:] for word in words) + "PolicyKey"


def _config_values(config: DeploymentConfig) -> dict[str, str]:
    source = config.source
    regions = ",".join(config.target_regions)
    ous = ",".join(config.target_ous)
    air_gapped = config.air_gapped_vault
    return {
        "OrganizationId": config.organization_id,
        "ManagementAccountId": config.management_account,
        "HomeAccountId": config.home.account,
        "HomeRegion": config.home.region,
        "CentralBackupAccountId": config.central.account,
        "CentralAccountOuId": config.central_ou,
        "CentralRegions": config.central.region,
        "CentralVaultName": config.central_vault_name,
        "CentralVaultArn": config.central_vault_arn,
        # Empty name: stacksets.yaml creates no air-gapped StackSet, and ignores its Regions.
        "AirGappedVaultName": air_gapped.name if air_gapped else "",
        "AirGappedRegions": ",".join(air_gapped.regions if air_gapped else [config.central.region]),
        "TargetOuIds": ous,
        "TargetRegions": regions,
        "IamRegion": config.iam_region,
        "PolicyTargets": ous,
        # Guardrails cover the member OUs and the central account's OU.
        "TargetIds": ",".join(dict.fromkeys((*config.target_ous, config.central_ou))),
        "PolicyRegions": regions,
        "ArtifactBucketPrefix": config.artifact_bucket_prefix,
        "BucketNamePrefix": config.artifact_bucket_prefix,
        "StackNamePrefix": config.name,
        # The guardrail SCP exempts the role the bootstrap uses in the home account.
        "BootstrapRoleName": config.cross_account_role,
        "SourceProvider": source.provider,
        "ConnectionArn": source.connection_arn,
        "FullRepositoryId": source.repository,
        "BranchName": source.branch,
        "CodeCommitRepositoryName": source.codecommit_repository,
        "SourceBucketName": source.bucket,
        "SourceObjectKey": source.object_key,
        "RequireManualApproval": "true" if config.manual_approval else "false",
    }


def _audit_values(config: DeploymentConfig) -> dict[str, str]:
    """The ``audit:`` section as the pipeline, stacksets.yaml and the audit templates take it."""
    audit = config.audit
    if audit is None:
        return {"EnableAudit": "false"}
    return {
        "EnableAudit": "true",
        "AuditReportFormats": ",".join(audit.report_formats),
        "AuditMinRetentionDays": str(audit.min_retention_days),
        "AuditMinFrequencyHours": str(audit.min_frequency_hours),
        "AuditCrossAccountCopyAccountId": (
            config.central.account if audit.require_cross_account_copy else ""
        ),
        "AuditCrossRegionCopyRegions": ",".join(audit.cross_region_copy_regions),
    }


def _monitoring_values(config: DeploymentConfig) -> dict[str, str]:
    """The ``monitoring:`` section for the pipeline and job-monitoring.yaml, and the bus ARN
    the member stacks (in every Region) forward failed jobs to; none when disabled."""
    monitoring = config.monitoring
    if monitoring is None:
        return {"EnableMonitoring": "false"}
    # job-monitoring.yaml names its bus after its stack (<name>-<suffix>-job-events).
    suffix = next(spec.suffix for spec in STACKS if spec.kind == "monitoring")
    bus = f"{config.name}-{suffix}-job-events"
    home = config.home
    return {
        "EnableMonitoring": "true",
        "CentralEventBusArn": f"arn:aws:events:{home.region}:{home.account}:event-bus/{bus}",
        "MonitoringNotificationEmail": monitoring.notification_email,
        "SummarySchedule": monitoring.summary_schedule,
    }


def parameter_values(config: DeploymentConfig, artifacts: Iterable[Artifact]) -> dict[str, str]:
    """Every value the solution's templates may ask for, by parameter name."""
    values = _config_values(config) | _audit_values(config)
    values |= restore_testing_values(config.restore_testing)
    values |= _monitoring_values(config)
    for artifact in artifacts:
        if artifact.kind == "lambda" and artifact.name in CODE_KEY_PARAMETERS:
            values[CODE_KEY_PARAMETERS[artifact.name]] = artifact.key
        elif artifact.kind == "policy":
            values[policy_key_parameter(artifact.name)] = artifact.key
        elif artifact.kind == "template" and artifact.name in TEMPLATE_URL_PARAMETERS:
            bucket = config.artifact_bucket(config.home.region)
            url = f"https://{bucket}.s3.{config.home.region}.amazonaws.com/{artifact.key}"
            values[TEMPLATE_URL_PARAMETERS[artifact.name]] = url
    return values


def stack_parameters(
    config: DeploymentConfig,
    instance: StackInstance,
    template: TemplateInfo,
    values: Mapping[str, str],
) -> dict[str, str]:
    """The parameters ``template`` declares, with values; overrides come from ``parameters:``.

    Raises
    ------
    DeployError
        A parameter without a default has no value; the message names it and where to set it.
    """
    overrides = dict(config.parameters.get(instance.spec.kind, {}))
    unknown = sorted(set(overrides) - set(template.parameters))
    if unknown:
        raise DeployError(
            f"$.parameters.{instance.spec.kind}.{unknown[0]}: {template.path.name} declares no "
            "such parameter"
        )
    merged = {**values, **overrides}
    chosen = {name: merged[name] for name in template.parameters if merged.get(name)}
    missing = [name for name in template.required_parameters if name not in chosen]
    if missing:
        raise DeployError(
            f"{template.path.name} needs {', '.join(missing)} for stack {instance.stack_name}: "
            f"set $.parameters.{instance.spec.kind}.{missing[0]} in the configuration"
            + (" or run `make package` first" if missing[0].endswith("Key") else "")
        )
    return dict(sorted(chosen.items()))


def template_configuration(config: DeploymentConfig, parameters: Mapping[str, str]) -> str:
    """The JSON CodePipeline's CloudFormation action reads (``TemplateConfiguration``)."""
    document = {
        "Parameters": dict(parameters),
        "Tags": {"Solution": SOLUTION_TAG, "Deployment": config.name},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def write_template_configuration(
    config: DeploymentConfig, instance: StackInstance, parameters: Mapping[str, str], out: Path
) -> Path:
    """Write ``out/<kind>.json`` (``out/<kind>-<region>.json`` for per-Region stacks)."""
    suffix = f"-{instance.region}" if instance.spec.per_artifact_region else ""
    path = out / f"{instance.spec.kind}{suffix}.json"
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(template_configuration(config, parameters), encoding="utf-8")
    return path
