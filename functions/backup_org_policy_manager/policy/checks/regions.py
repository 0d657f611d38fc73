"""Regions: every name in a plan's ``regions`` is an AWS Region."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import settings

__all__ = ["AWS_REGIONS", "OPT_IN_REGIONS", "check_regions"]

# Regions of the aws, aws-cn and aws-us-gov partitions (botocore endpoints data, 2025). A
# fixed list on purpose: the engine runs without boto3's data files, offline, and gives the
# same answer everywhere. Add a Region here when AWS opens one.
# https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
OPT_IN_REGIONS = frozenset(
    {
        "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
        "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2",
        "eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
    }
)  # fmt: skip
AWS_REGIONS = OPT_IN_REGIONS | frozenset(
    {
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
        "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2",
        "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
    }
)  # fmt: skip


def check_regions(plan: object) -> Iterator[Issue]:
    """Each Region a plan names (assigned, appended or removed) is a real AWS Region.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-plan-regions
    """
    if not isinstance(plan, dict) or "regions" not in plan:
        return
    for where, value in settings(plan["regions"]):
        if not isinstance(value, list):
            continue
        for index, region in enumerate(value):
            if isinstance(region, str) and region not in AWS_REGIONS:
                yield Issue("P601", ("regions", *where, index), f"{region!r} is not an AWS Region")
