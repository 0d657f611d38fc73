"""The ADAPTERS table: every required type has a row keyed by its exact ResourceType."""

from __future__ import annotations

import re

from tag_on_restore.adapters import ADAPTERS, iam_actions
from tag_on_restore.adapters import rds as rds_adapter

REQUIRED = {
    "EC2",
    "EBS",
    "RDS",
    "Aurora",
    "DynamoDB",
    "EFS",
    "S3",
    "FSx",
    "DocumentDB",
    "Neptune",
    "Storage Gateway",
    "Redshift",
}


def test_every_required_type_has_a_row_under_its_own_name() -> None:
    assert set(ADAPTERS) == REQUIRED
    assert all(key == adapter.resource_type for key, adapter in ADAPTERS.items())


def test_rds_style_types_share_one_implementation_and_differ_by_client() -> None:
    family = {name: ADAPTERS[name] for name in ("RDS", "Aurora", "DocumentDB", "Neptune")}

    assert {a.read_tags for a in family.values()} == {rds_adapter.read_tags}
    assert {a.write_tags for a in family.values()} == {rds_adapter.write_tags}
    assert {name: a.service for name, a in family.items()} == {
        "RDS": "rds",
        "Aurora": "rds",
        "DocumentDB": "docdb",
        "Neptune": "neptune",
    }


def test_related_resources_have_adapters_and_limits_are_sane() -> None:
    assert ADAPTERS["EC2"].related is not None
    for adapter in ADAPTERS.values():
        assert 1 <= adapter.batch_size <= adapter.max_tags <= 50


def test_iam_actions_are_exact_action_names_without_wildcards() -> None:
    actions = iam_actions()

    assert set(actions) == REQUIRED
    for listed in actions.values():
        assert listed
        assert all(re.fullmatch(r"[a-z0-9-]+:[A-Z][A-Za-z]+", action) for action in listed)
    assert actions["EC2"] == ("ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:CreateTags")
