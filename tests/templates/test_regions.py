"""Regions: every resource type of a template exists in each Region the configuration allows.

The reference is cfn-lint (``--regions``, rule E3006, from its per-Region registry schemas):
each template is linted for every Region the configuration accepts, and the configuration
check must refuse exactly the placements cfn-lint rejects, naming the field, the Region and
the type. A template every deployment gets may use only types every accepted Region has
(bar the placement limits listed here); a type missing somewhere goes in an opt-in template.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import botocore.session
import pytest
import yaml
from cfnlint.api import ManualArgs, lint
from cfnlint.helpers import REGIONS as CFN_LINT_REGIONS

from backup_org_policy_manager.policy.checks.regions import AWS_REGIONS
from orgbackup.deploy.config import AirGappedVault, DeploymentConfig, Placement, parse_config
from orgbackup.deploy.errors import ConfigError, ConfigIssue
from orgbackup.deploy.regions import (
    missing_resource_types,
    partition_of,
    region_issues,
    template_placements,
)
from orgbackup.deploy.schema import REGION
from tests.templates.loader import REPO, REPOSITORY_TEMPLATES

EXAMPLE = REPO / "deploy" / "config.example.yaml"
# The partitions whose Regions AWS_REGIONS lists (the engine's docstring says which).
LISTED_PARTITIONS = {"aws", "aws-cn", "aws-us-gov"}
DEPLOYABLE = sorted(region for region in AWS_REGIONS if partition_of(region) == "aws")
TEMPLATES = REPOSITORY_TEMPLATES
_MISSING = re.compile(r"^Resource type '(?P<type>[^']+)' does not exist in '(?P<region>[^']+)'$")


def _example() -> DeploymentConfig:
    config = parse_config(yaml.safe_load(EXAMPLE.read_text()))
    return dataclasses.replace(
        config, air_gapped_vault=AirGappedVault("org-backup-air-gapped-vault", ("eu-west-1",))
    )


# How a configuration places a template in one Region, field by field.
VARIANTS: dict[str, Callable[[DeploymentConfig, str], DeploymentConfig]] = {
    "$.home.region": lambda c, r: dataclasses.replace(c, home=Placement(c.home.account, r)),
    "$.central.region": lambda c, r: dataclasses.replace(
        c, central=Placement(c.central.account, r)
    ),
    "$.target_regions[0]": lambda c, r: dataclasses.replace(c, target_regions=(r,)),
    "$.central.air_gapped_vault.regions[0]": lambda c, r: dataclasses.replace(
        c, air_gapped_vault=AirGappedVault("org-backup-air-gapped-vault", (r,))
    ),
}


@cache
def missing_in(template: str) -> dict[str, set[str]]:
    """Region -> resource types cfn-lint says ``template`` uses and the Region lacks.

    Any other cfn-lint finding for these Regions fails: the template must be clean in each.
    """
    matches = lint((REPO / template).read_text(), config=ManualArgs(regions=DEPLOYABLE))
    missing: dict[str, set[str]] = {}
    others = []
    for match in matches:
        found = _MISSING.match(match.message)
        if match.rule.id == "E3006" and found:
            missing.setdefault(found["region"], set()).add(found["type"])
        else:
            others.append(f"{template}:{match.linenumber}: {match.rule.id} {match.message}")
    assert not others, "\n".join(others)
    return missing


def test_the_configuration_takes_the_policy_engines_region_list() -> None:
    assert REGION["enum"] == sorted(AWS_REGIONS)


def test_the_region_list_is_cfn_lints_for_its_partitions() -> None:
    session = botocore.session.get_session()
    listed = {
        region
        for region in CFN_LINT_REGIONS
        if session.get_partition_for_region(region) in LISTED_PARTITIONS
    }
    assert sorted(AWS_REGIONS - listed) == [], "Regions cfn-lint cannot judge"
    assert sorted(listed - AWS_REGIONS) == [], "Regions cfn-lint knows that the list lacks"


def test_every_template_has_a_placement() -> None:
    placed = {placement.template for placement in template_placements(_example())}
    assert placed == set(TEMPLATES)


@pytest.mark.parametrize("field", sorted(VARIANTS))
def test_the_configuration_refuses_exactly_what_cfn_lint_rejects(field: str) -> None:
    disagreements = []
    for region in DEPLOYABLE:
        config = VARIANTS[field](_example(), region)
        expected = sorted(
            (placement.field, placement.template, kind)
            for placement in template_placements(config)
            for kind in missing_in(placement.template).get(placement.region, set())
        )
        issues = region_issues(config, REPO)
        found = sorted(
            (issue.path, template, kind)
            for issue in issues
            for template in TEMPLATES
            for kind in re.findall(r"resource type (\S+)", issue.message)
            if f" cannot take {template}:" in issue.message
        )
        if found != expected or len(issues) != len(expected):
            disagreements.append(
                f"{field}={region}: cfn-lint rejects {expected}, the configuration says "
                f"{[str(issue) for issue in issues]}"
            )
    assert not disagreements, "\n".join(disagreements)


def test_a_region_without_the_air_gapped_vault_type_is_refused_by_name() -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["central"]["air_gapped_vault"] = {"name": "vault", "regions": ["eu-west-1", "ca-west-1"]}

    with pytest.raises(ConfigError) as raised:
        parse_config(data)

    assert raised.value.issues == [
        ConfigIssue(
            "$.central.air_gapped_vault.regions[1]",
            "ca-west-1 cannot take templates/central-air-gapped-vault.yaml: resource type "
            "AWS::Backup::LogicallyAirGappedBackupVault (AirGappedVault) does not exist in "
            "ca-west-1 (cfn-lint 1.58.0 Region schemas)",
        )
    ]


KNOWN_BAD = """
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AirGappedVaultName: {Type: String, Default: "", AllowedPattern: "^$|^[a-z-]{2,50}$"}
Conditions:
  CreateAirGappedVault: !Not [!Equals [!Ref AirGappedVaultName, ""]]
Resources:
  AirGappedVault:
    Type: AWS::Backup::LogicallyAirGappedBackupVault
    Condition: CreateAirGappedVault
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      BackupVaultName: !Ref AirGappedVaultName
      MinRetentionDays: 7
      MaxRetentionDays: 3650
"""


def test_a_type_under_a_false_condition_still_fails_in_a_region_without_it(
    tmp_path: Path,
) -> None:
    """StackSet template validation rejects an unknown type whatever its condition; so do both."""
    for folder in ("templates", "pipeline"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "templates" / "central-backup-account.yaml").write_text(KNOWN_BAD)
    data = yaml.safe_load(EXAMPLE.read_text())
    data["central"]["region"] = "mx-central-1"

    with pytest.raises(ConfigError) as raised:
        parse_config(data, root=tmp_path)

    assert [str(issue) for issue in raised.value.issues] == [
        "$.central.region: mx-central-1 cannot take templates/central-backup-account.yaml: "
        "resource type AWS::Backup::LogicallyAirGappedBackupVault (AirGappedVault) does not "
        "exist in mx-central-1 (cfn-lint 1.58.0 Region schemas)"
    ]
    matches = lint(KNOWN_BAD, config=ManualArgs(regions=["mx-central-1"]))
    assert [(match.rule.id, match.message) for match in matches] == [
        (
            "E3006",
            "Resource type 'AWS::Backup::LogicallyAirGappedBackupVault' does not exist in "
            "'mx-central-1'",
        )
    ]


@cache
def _accepted_regions() -> dict[str, set[str]]:
    """template -> every Region the configuration accepts it in (each field's variant placing
    it there without a Region issue); computed once for all templates."""
    accepted: dict[str, set[str]] = {template: set() for template in TEMPLATES}
    for field, variant in VARIANTS.items():
        for region in DEPLOYABLE:
            config = variant(_example(), region)
            if not region_issues(config, REPO):
                for placement in template_placements(config):
                    if placement.field == field:
                        accepted.setdefault(placement.template, set()).add(placement.region)
    return accepted


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_lints_clean_wherever_the_configuration_accepts_it(template: str) -> None:
    accepted = _accepted_regions()[template]
    rejected = {region: sorted(kinds) for region, kinds in missing_in(template).items()}
    issues = [
        f"{template}: the configuration accepts {region}, which lacks {', '.join(rejected[region])}"
        for region in sorted(accepted & set(rejected))
    ]
    assert not issues, "\n".join(issues)


# A type a template every deployment gets lacks in some accepted Regions, kept there because
# the configuration refuses those Regions for the one field that places the template:
# (template, type) -> (field, the Regions that lack it, why this is a placement limit).
PLACEMENT_LIMITS: dict[tuple[str, str], tuple[str, frozenset[str], str]] = {
    ("pipeline/pipeline.yaml", "AWS::CodeBuild::Project"): (
        "$.home.region",
        frozenset({"ap-east-2", "ca-west-1", "mx-central-1"}),
        "the pipeline's build stages are CodeBuild projects, and the pipeline stack goes "
        "only to the home Region: the configuration refuses these as the home Region "
        "(docs/deployment.md) and accepts them as target and central Regions",
    ),
}


def _field_kind(field: str) -> str:
    """``$.target_regions[0]`` -> ``$.target_regions``: the field, whichever item."""
    return re.sub(r"\[\d+\]$", "", field)


def default_placements() -> dict[str, set[str]]:
    """Template -> the fields that place it, for a configuration that opts into nothing."""
    config = dataclasses.replace(
        _example(), air_gapped_vault=None, audit=None, restore_testing=None
    )
    placed: dict[str, set[str]] = {}
    for placement in template_placements(config):
        placed.setdefault(placement.template, set()).add(_field_kind(placement.field))
    return placed


def default_template_issues(
    root: Path, limits: dict[tuple[str, str], tuple[str, frozenset[str], str]]
) -> list[str]:
    """One issue per type of a default template that some accepted Region lacks.

    Every field takes any Region of ``DEPLOYABLE`` (the schema's list, aws partition only),
    so that is where each default template may go.
    """
    issues = []
    for template, fields in sorted(default_placements().items()):
        lacking: dict[str, set[str]] = {}
        logical_ids: dict[str, set[str]] = {}
        for region in DEPLOYABLE:
            for kind, ids in missing_resource_types(root / template, region).items():
                lacking.setdefault(kind, set()).add(region)
                logical_ids.setdefault(kind, set()).update(ids)
        for kind, regions in sorted(lacking.items()):
            limit = limits.get((template, kind))
            if limit is not None and limit[1] == regions and fields == {limit[0]}:
                continue
            issues.append(
                f"{template}: {', '.join(sorted(logical_ids[kind]))} ({kind}) does not exist "
                f"in {', '.join(sorted(regions))}, which the configuration accepts for "
                f"{', '.join(sorted(fields))}; every deployment gets this template, so a type "
                "missing in some Regions belongs in an opt-in template of its own (as "
                "templates/central-air-gapped-vault.yaml holds the air-gapped vault)"
            )
    return issues


def test_opt_in_templates_are_those_a_field_must_ask_for() -> None:
    """Derived from stacks.py: STACKS and the StackSet bodies a bare configuration deploys."""
    assert sorted(set(TEMPLATES) - set(default_placements())) == [
        "templates/audit-framework.yaml",
        "templates/audit-reports.yaml",
        "templates/central-air-gapped-vault.yaml",
        "templates/member-restore-testing.yaml",
    ]


def test_default_templates_use_only_types_every_accepted_region_has() -> None:
    issues = default_template_issues(REPO, PLACEMENT_LIMITS)
    assert not issues, "\n".join(issues)


@pytest.mark.parametrize("limit", sorted(PLACEMENT_LIMITS), ids="|".join)
def test_each_placement_limit_is_refused_by_the_configuration(limit: tuple[str, str]) -> None:
    template, kind = limit
    field, regions, _ = PLACEMENT_LIMITS[limit]
    assert default_placements()[template] == {field}, f"{template} is placed by other fields"
    for region in sorted(regions):
        config = VARIANTS[field](_example(), region)
        messages = [issue.message for issue in region_issues(config, REPO) if issue.path == field]
        assert any(f"cannot take {template}: resource type {kind} " in m for m in messages), (
            f"{field}={region} is not refused for {template} ({kind})"
        )


def test_a_default_template_with_a_type_some_regions_lack_fails_naming_them(
    tmp_path: Path,
) -> None:
    for folder in ("templates", "pipeline"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "templates" / "central-backup-account.yaml").write_text(KNOWN_BAD)

    issues = default_template_issues(tmp_path, PLACEMENT_LIMITS)

    assert issues == [
        "templates/central-backup-account.yaml: AirGappedVault "
        "(AWS::Backup::LogicallyAirGappedBackupVault) does not exist in ap-east-2, "
        "ap-southeast-5, ap-southeast-6, ap-southeast-7, ca-west-1, mx-central-1, which the "
        "configuration accepts for $.central.region; every deployment gets this template, so "
        "a type missing in some Regions belongs in an opt-in template of its own (as "
        "templates/central-air-gapped-vault.yaml holds the air-gapped vault)"
    ]


def test_a_placement_limit_that_no_longer_matches_the_data_fails() -> None:
    """A limit covers exactly the Regions that lack the type: a wider or narrower one fails."""
    (limit,) = PLACEMENT_LIMITS
    field, regions, reason = PLACEMENT_LIMITS[limit]
    narrower = {limit: (field, regions - {"ca-west-1"}, reason)}

    issues = default_template_issues(REPO, narrower)

    assert [issue.split(" does not exist")[0] for issue in issues] == [
        "pipeline/pipeline.yaml: PackageProject, PublishProject, TestProject, ValidateProject "
        "(AWS::CodeBuild::Project)"
    ]
