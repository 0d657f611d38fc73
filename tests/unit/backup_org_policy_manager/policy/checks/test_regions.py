"""Regions: names must be AWS Regions, including opt-in ones."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.regions import (
    AWS_REGIONS,
    OPT_IN_REGIONS,
    check_regions,
)


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        pytest.param({"regions": ["us-east-1", "eu-north-1"]}, [], id="plain"),
        pytest.param(
            {"regions": {"@@append": ["ap-southeast-7", "mx-central-1"]}}, [], id="opt-in"
        ),
        pytest.param(
            {"regions": {"@@assign": ["cn-north-1", "us-gov-west-1"]}}, [], id="other-partitions"
        ),
        pytest.param(
            {"regions": {"@@assign": ["us-east-1", "us-east-3"], "@@remove": ["US-WEST-2"]}},
            [
                Issue("P601", ("regions", "@@assign", 1), "'us-east-3' is not an AWS Region"),
                Issue("P601", ("regions", "@@remove", 0), "'US-WEST-2' is not an AWS Region"),
            ],
            id="unknown-and-uppercase",
        ),
        pytest.param({"regions": "us-east-1"}, [], id="type-left-to-structure"),
        pytest.param({"regions": [7]}, [], id="non-string-left-to-structure"),
        pytest.param({}, [], id="no-regions"),
        pytest.param([], [], id="not-an-object"),
    ],
)
def test_check_regions(plan: object, expected: list[Issue]) -> None:
    assert list(check_regions(plan)) == expected


def test_opt_in_regions_are_regions() -> None:
    assert OPT_IN_REGIONS < AWS_REGIONS
    assert all(region == region.strip().lower() for region in AWS_REGIONS)
