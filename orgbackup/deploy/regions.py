"""The Region check: every resource type of a template exists in each Region it goes to.

Which types a Region offers comes from cfn-lint's per-Region CloudFormation registry schemas
(the list ``cfn-lint --regions`` judges by), not from a table of ours; which Regions a
template goes to comes from the configuration fields, through ``stacks.py``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import botocore.session
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
from cfnlint.version import __version__ as CFN_LINT_VERSION

from orgbackup.deploy.errors import ConfigIssue
from orgbackup.deploy.stacks import STACKSET_BODIES, stack_instances, stackset_regions
from orgbackup.deploy.templates import read_template

if TYPE_CHECKING:
    from orgbackup.deploy.config import DeploymentConfig

__all__ = [
    "ROOT",
    "TemplatePlacement",
    "missing_resource_types",
    "partition_of",
    "region_issues",
    "template_placements",
]

ROOT = Path(__file__).resolve().parents[2]
_CUSTOM_RESOURCE = "AWS::CloudFormation::CustomResource"


@dataclass(frozen=True, slots=True)
class TemplatePlacement:
    """A template deployed to a Region, and the configuration field that puts it there."""

    template: str
    field: str
    region: str


@cache
def partition_of(region: str) -> str:
    """The partition of ``region`` (aws, aws-cn, aws-us-gov...), from botocore's endpoint data."""
    return str(botocore.session.get_session().get_partition_for_region(region))


@cache
def _types_in(region: str) -> frozenset[str]:
    return frozenset(PROVIDER_SCHEMA_MANAGER.get_resource_types(region))


@cache
def _resource_types(path: Path, mtime_ns: int, size: int) -> dict[str, str]:
    """The template's resource types, read again only when the file changes."""
    return read_template(path).resource_types


def missing_resource_types(path: Path, region: str) -> dict[str, list[str]]:
    """Resource types of the template at ``path`` that ``region`` lacks, with their logical ids.

    A ``Custom::`` type is a custom resource (``AWS::CloudFormation::CustomResource``).

    Raises
    ------
    DeployError
        The template is missing or is not a template.
    """
    try:
        status = path.stat()
        types = _resource_types(path, status.st_mtime_ns, status.st_size)
    except OSError:
        types = read_template(path).resource_types  # raises DeployError, naming the file
    available = _types_in(region)
    missing: dict[str, list[str]] = defaultdict(list)
    for logical_id, kind in types.items():
        custom = kind.startswith("Custom::")
        if (_CUSTOM_RESOURCE if custom else kind) not in available:
            missing[kind].append(logical_id)
    return dict(missing)


def _stack_field(config: DeploymentConfig, region: str) -> str:
    if region == config.home.region:
        return "$.home.region"
    return f"$.target_regions[{config.target_regions.index(region)}]"


def template_placements(config: DeploymentConfig) -> list[TemplatePlacement]:
    """Every (template, Region) the deployment creates: its stacks and its StackSet instances."""
    placements = [
        TemplatePlacement(
            instance.spec.template, _stack_field(config, instance.region), instance.region
        )
        for instance in stack_instances(config, "bootstrap") + stack_instances(config, "pipeline")
    ]
    for body in STACKSET_BODIES:
        for field, region in stackset_regions(config, body):
            placements.append(TemplatePlacement(body.template, field, region))
    return placements


def region_issues(config: DeploymentConfig, root: Path) -> list[ConfigIssue]:
    """One issue per field, template and resource type its Region lacks."""
    issues = []
    for placement in template_placements(config):
        missing = missing_resource_types(root / placement.template, placement.region)
        for kind, logical_ids in sorted(missing.items()):
            issues.append(
                ConfigIssue(
                    placement.field,
                    f"{placement.region} cannot take {placement.template}: resource type {kind} "
                    f"({', '.join(logical_ids)}) does not exist in {placement.region} "
                    f"(cfn-lint {CFN_LINT_VERSION} Region schemas)",
                )
            )
    return sorted(set(issues), key=lambda issue: (issue.path, issue.message))
