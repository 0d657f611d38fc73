"""Load and validate the deployment configuration: one YAML file per deployment.

Validation is a JSON Schema (``schema.py``), the cross-field rules below and the Region check
(``regions.py``: every resource type of a template exists in each Region it is deployed to);
every issue names its field as a JSON path, and nothing talks to AWS before the whole file
is valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

from backup_org_policy_manager.policy.checks.regions import AWS_REGIONS
from orgbackup.deploy.errors import ConfigError, ConfigIssue
from orgbackup.deploy.parameter_values import parameter_issues
from orgbackup.deploy.policy_config import with_policies
from orgbackup.deploy.policy_entries import PolicyEntry
from orgbackup.deploy.regions import ROOT, partition_of, region_issues
from orgbackup.deploy.restore_testing import RestoreTesting
from orgbackup.deploy.schedules import schedule_issues
from orgbackup.deploy.schema import REGION, SCHEMA, SOURCE_REQUIRES

__all__ = [
    "AirGappedVault",
    "AuditSettings",
    "DeploymentConfig",
    "MonitoringSettings",
    "Placement",
    "SourceSettings",
    "load_config",
    "parse_config",
]

SourceProvider = Literal["CodeConnections", "CodeCommit", "S3"]
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Template parameters that decide where a template is deployed: only their fields set them,
# so the Region check sees every Region.
_PLACEMENT_PARAMETERS = {
    "CentralRegions": "$.central.region",
    "TargetRegions": "$.target_regions",
    "AirGappedVaultName": "$.central.air_gapped_vault.name",
    "AirGappedRegions": "$.central.air_gapped_vault.regions",
}


@dataclass(frozen=True, slots=True)
class Placement:
    """An account and the Region the solution uses in it."""

    account: str
    region: str


@dataclass(frozen=True, slots=True)
class AirGappedVault:
    """The optional logically air-gapped vault of the central account, and its Regions."""

    name: str
    regions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """Backup Audit Manager settings (``audit:``): what the framework controls require and the
    report formats. https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-controls.html
    """

    report_formats: tuple[str, ...] = ("CSV",)
    min_retention_days: int = 35
    min_frequency_hours: int = 24
    require_cross_account_copy: bool = True
    cross_region_copy_regions: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, raw: Mapping[str, Any] | None) -> AuditSettings | None:
        """The settings of a validated ``audit:`` section; None when absent or disabled."""
        if not raw or not raw.get("enabled"):
            return None
        return cls(
            report_formats=tuple(raw.get("report_formats", ["CSV"])),
            min_retention_days=raw.get("min_retention_days", 35),
            min_frequency_hours=raw.get("min_frequency_hours", 24),
            require_cross_account_copy=raw.get("require_cross_account_copy", True),
            cross_region_copy_regions=tuple(raw.get("cross_region_copy_regions", [])),
        )


@dataclass(frozen=True, slots=True)
class MonitoringSettings:
    """Organization-wide job monitoring (``monitoring:``, docs/monitoring.md): who gets the
    failed-job notices and the daily summary, and when the summary is sent (EventBridge
    schedule expression, UTC)."""

    notification_email: str = ""
    summary_schedule: str = "cron(0 6 * * ? *)"

    @classmethod
    def from_config(cls, raw: Mapping[str, Any] | None) -> MonitoringSettings | None:
        """The settings of a validated ``monitoring:`` section; None when absent or disabled."""
        if not raw or not raw.get("enabled"):
            return None
        return cls(
            notification_email=raw.get("notification_email", ""),
            summary_schedule=raw.get("summary_schedule", "cron(0 6 * * ? *)"),
        )


@dataclass(frozen=True, slots=True)
class SourceSettings:
    """Where the pipeline reads the repository from; only the provider's fields are set."""

    provider: SourceProvider
    connection_arn: str = ""
    repository: str = ""
    branch: str = ""
    codecommit_repository: str = ""
    bucket: str = ""
    object_key: str = ""


@dataclass(frozen=True, slots=True)
class DeploymentConfig:
    """A validated deployment: who deploys what where."""

    name: str
    organization_id: str
    management_account: str
    target_ous: tuple[str, ...]
    home: Placement
    central: Placement
    target_regions: tuple[str, ...]
    source: SourceSettings
    central_ou: str = ""
    central_vault_name: str = "org-backup-central-vault"
    artifact_bucket_prefix: str = "org-backup-artifacts"
    manual_approval: bool = True
    cross_account_role: str = "OrganizationAccountAccessRole"
    air_gapped_vault: AirGappedVault | None = None
    parameters: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    audit: AuditSettings | None = None
    restore_testing: RestoreTesting | None = None
    monitoring: MonitoringSettings | None = None

    def enables(self, feature: str) -> bool:
        """Whether an optional part of the solution is deployed ("" is the always-on core)."""
        return (
            feature == ""
            or (feature == "audit" and self.audit is not None)
            or (feature == "monitoring" and self.monitoring is not None)
            or (feature == "restore_testing" and self.restore_testing is not None)
        )

    # Resolved by policy_config.with_policies: every file deployed, with its targets.
    policies: tuple[PolicyEntry, ...] = ()

    @property
    def artifact_regions(self) -> tuple[str, ...]:
        """Every Region that needs an artifact bucket: the targets plus home (the Lambdas there)."""
        return tuple(dict.fromkeys((self.home.region, *self.target_regions)))

    @property
    def iam_region(self) -> str:
        """The one target Region where member stacks create account-wide IAM roles."""
        return (
            self.home.region if self.home.region in self.target_regions else self.target_regions[0]
        )

    @property
    def central_vault_arn(self) -> str:
        return (
            f"arn:aws:backup:{self.central.region}:{self.central.account}:"
            f"backup-vault:{self.central_vault_name}"
        )

    def artifact_bucket(self, region: str) -> str:
        """The regional artifact bucket, as ``templates/artifact-bucket.yaml`` names it."""
        return f"{self.artifact_bucket_prefix}-{self.home.account}-{region}"


def _json_path(parts: Iterator[object] | list[object]) -> str:
    text = "$"
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(str(part)):
            text += f".{part}"
        else:
            text += f'["{part}"]'
    return text


def _schema_issue(error: ValidationError) -> ConfigIssue:
    path: list[object] = list(error.absolute_path)
    message = error.message
    if error.validator == "required":
        missing = re.search(r"'([^']+)' is a required property", message)
        if missing:
            path.append(missing.group(1))
            message = "is required"
    elif error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        unknown = sorted(str(name) for name in error.instance if name not in known)
        path.append(unknown[0])
        message = "unknown field" + (f" (also: {', '.join(unknown[1:])})" if unknown[1:] else "")
    elif error.validator == "type" and error.schema.get("pattern") == "^[0-9]{12}$":
        message = f'{error.instance!r} must be a quoted 12-digit string (e.g. "012345678901")'
    elif error.validator == "pattern":
        what = error.schema.get("description", "a valid value")
        examples = error.schema.get("examples") or []
        message = f"{error.instance!r} is not {what}" + (
            f', e.g. "{examples[0]}"' if examples else ""
        )
    elif error.validator in ("maxItems", "minItems"):
        # jsonschema's own text repeats the whole list; say the bound instead.
        bound = error.validator_value
        most = "at most" if error.validator == "maxItems" else "at least"
        message = f"has {len(error.instance)} entries; {most} {bound} allowed"
        if error.validator == "minItems" and bound == 1:
            message = "must not be empty"
    elif error.validator == "uniqueItems":
        message = "lists the same entry twice"
    elif error.validator == "enum" and error.schema is REGION:
        message = f"{error.instance!r} is not an AWS Region"
    return ConfigIssue(_json_path(path), message)


def _dict(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _source_issues(source: Mapping[str, Any]) -> Iterator[ConfigIssue]:
    provider = source.get("provider")
    if provider not in SOURCE_REQUIRES:
        return  # the schema already names the unknown provider
    for name in SOURCE_REQUIRES[provider]:
        if name not in source:
            yield ConfigIssue(f"$.source.{name}", f"is required when provider is {provider}")
    for name in sorted(set(source) - {"provider"} - set(SOURCE_REQUIRES[provider])):
        owners = [other for other, names in SOURCE_REQUIRES.items() if name in names]
        message = f"is used only by provider {' or '.join(owners)}, not {provider}"
        yield ConfigIssue(f"$.source.{name}", message)


def _region_fields(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    yield "$.home.region", _dict(data.get("home")).get("region", "")
    central = _dict(data.get("central"))
    yield "$.central.region", central.get("region", "")
    for index, region in enumerate(data.get("target_regions") or []):
        yield f"$.target_regions[{index}]", region
    for index, region in enumerate(_dict(central.get("air_gapped_vault")).get("regions") or []):
        yield f"$.central.air_gapped_vault.regions[{index}]", region


def _partition_issues(data: Mapping[str, Any]) -> Iterator[ConfigIssue]:
    """Every Region in the aws partition: the tooling writes ``arn:aws:`` ARNs and
    ``amazonaws.com`` S3 URLs, and an organization never spans partitions.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
    """
    for path, region in _region_fields(data):
        if region not in AWS_REGIONS:
            continue  # the schema already names it
        partition = partition_of(region)
        if partition != "aws":
            yield ConfigIssue(path, f"{region} is in partition {partition}; only aws is supported")


def _placement_parameter_issues(data: Mapping[str, Any]) -> Iterator[ConfigIssue]:
    for kind, values in _dict(data.get("parameters")).items():
        for name in sorted(set(_dict(values)) & set(_PLACEMENT_PARAMETERS)):
            yield ConfigIssue(
                f"$.parameters.{kind}.{name}",
                f"is set by {_PLACEMENT_PARAMETERS[name]}, where the Region check covers it",
            )


def _audit_issues(data: Mapping[str, Any]) -> Iterator[ConfigIssue]:
    """AWS writes JSON reports only for single-Region reports, and the report plans cover
    every target Region. https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-console.html
    """
    audit = _dict(data.get("audit"))
    regions = data.get("target_regions") or []
    if audit.get("enabled") and "JSON" in (audit.get("report_formats") or []) and len(regions) > 1:
        yield ConfigIssue(
            "$.audit.report_formats",
            f"JSON reports cover a single Region, and the reports cover {len(regions)} target "
            "Regions: use CSV",
        )


def _cross_field_issues(data: Mapping[str, Any]) -> Iterator[ConfigIssue]:
    yield from _source_issues(_dict(data.get("source")))
    yield from _audit_issues(data)
    yield from _partition_issues(data)
    yield from _placement_parameter_issues(data)
    yield from (ConfigIssue(path, message) for path, message in schedule_issues(data))
    management = _dict(data.get("organization")).get("management_account")
    if management and management == _dict(data.get("central")).get("account"):
        yield ConfigIssue(
            "$.central.account",
            "must not be the management account: the central vault belongs in an isolated account",
        )


def parse_config(data: object, source: str = "<config>", root: Path = ROOT) -> DeploymentConfig:
    """Validate a parsed configuration and build the typed value.

    ``root`` holds the templates the Region check reads (the repository by default).

    Raises
    ------
    ConfigError
        With every issue found, each naming its field.
    """
    validator = Draft202012Validator(SCHEMA)
    issues = [_schema_issue(error) for error in validator.iter_errors(data)]
    if isinstance(data, Mapping):
        issues += _cross_field_issues(data)
        issues += parameter_issues(_dict(data.get("parameters")), root)
    if issues:
        raise ConfigError(source, sorted(set(issues), key=lambda issue: issue.path))
    raw = cast(dict[str, Any], data)
    air_gapped = raw["central"].get("air_gapped_vault")
    config = DeploymentConfig(
        name=raw["name"],
        organization_id=raw["organization"]["id"],
        management_account=raw["organization"]["management_account"],
        target_ous=tuple(raw["organization"]["target_ous"]),
        home=Placement(**raw["home"]),
        central=Placement(raw["central"]["account"], raw["central"]["region"]),
        central_ou=raw["central"]["ou"],
        central_vault_name=raw["central"].get("vault_name", "org-backup-central-vault"),
        target_regions=tuple(raw["target_regions"]),
        source=SourceSettings(**raw["source"]),
        artifact_bucket_prefix=raw.get("artifact_bucket_prefix", "org-backup-artifacts"),
        manual_approval=raw.get("pipeline", {}).get("manual_approval", True),
        cross_account_role=raw.get("bootstrap", {}).get(
            "cross_account_role", "OrganizationAccountAccessRole"
        ),
        air_gapped_vault=(
            AirGappedVault(air_gapped["name"], tuple(air_gapped["regions"])) if air_gapped else None
        ),
        parameters=raw.get("parameters", {}),
        audit=AuditSettings.from_config(raw.get("audit")),
        restore_testing=RestoreTesting.from_config(raw.get("restore_testing")),
        monitoring=MonitoringSettings.from_config(raw.get("monitoring")),
    )
    issues = region_issues(config, root)
    if issues:
        raise ConfigError(source, issues)
    return with_policies(config, raw.get("policies"), root, source)


class _UniqueKeyLoader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that refuses a key given twice in one mapping (plain YAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key {key!r} appears twice (first on line {seen[key] + 1}); "
                    "only one value can apply",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return dict(super().construct_mapping(node, deep=deep))


def load_config(path: Path, root: Path = ROOT) -> DeploymentConfig:
    """Read and validate a YAML configuration file (templates from ``root``).

    Raises
    ------
    ConfigError
        The file is missing, is not YAML, repeats a key, or fails validation.
    """
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except OSError as error:
        raise ConfigError(
            str(path),
            [
                ConfigIssue(
                    "$",
                    f"cannot read the file ({error.strerror}); to start one, copy "
                    "deploy/config.example.yaml, which documents every field",
                )
            ],
        ) from error
    except yaml.YAMLError as error:
        raise ConfigError(str(path), [ConfigIssue("$", f"not valid YAML: {error}")]) from error
    return parse_config(data, str(path), root)
