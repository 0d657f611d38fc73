"""Load and validate the deployment configuration: one YAML file per deployment.

Validation is a JSON Schema (``schema.py``) plus the cross-field rules below; every issue
names its field as a JSON path, and nothing talks to AWS before the whole file is valid.
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

from local.deploy.errors import ConfigError, ConfigIssue
from local.deploy.schema import SCHEMA, SOURCE_REQUIRES

__all__ = ["DeploymentConfig", "Placement", "SourceSettings", "load_config", "parse_config"]

SourceProvider = Literal["CodeConnections", "CodeCommit", "S3"]
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Placement:
    """An account and the Region the solution uses in it."""

    account: str
    region: str


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
    parameters: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

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
        message = f"{error.instance!r} does not match {error.validator_value}"
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


def _cross_field_issues(data: Mapping[str, Any]) -> Iterator[ConfigIssue]:
    yield from _source_issues(_dict(data.get("source")))
    management = _dict(data.get("organization")).get("management_account")
    if management and management == _dict(data.get("central")).get("account"):
        yield ConfigIssue(
            "$.central.account",
            "must not be the management account: the central vault belongs in an isolated account",
        )


def parse_config(data: object, source: str = "<config>") -> DeploymentConfig:
    """Validate a parsed configuration and build the typed value.

    Raises
    ------
    ConfigError
        With every issue found, each naming its field.
    """
    validator = Draft202012Validator(SCHEMA)
    issues = [_schema_issue(error) for error in validator.iter_errors(data)]
    if isinstance(data, Mapping):
        issues += _cross_field_issues(data)
    if issues:
        raise ConfigError(source, sorted(set(issues), key=lambda issue: issue.path))
    raw = cast(dict[str, Any], data)
    return DeploymentConfig(
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
        parameters=raw.get("parameters", {}),
    )


def load_config(path: Path) -> DeploymentConfig:
    """Read and validate a YAML configuration file.

    Raises
    ------
    ConfigError
        The file is missing, is not YAML, or fails validation.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(
            str(path), [ConfigIssue("$", f"cannot read: {error.strerror}")]
        ) from error
    except yaml.YAMLError as error:
        raise ConfigError(str(path), [ConfigIssue("$", f"not valid YAML: {error}")]) from error
    return parse_config(data, str(path))
