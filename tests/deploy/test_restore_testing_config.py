"""The ``restore_testing:`` section: parsed into the member parameters; each mistake names its
field and shows a valid value; absent, it sets nothing (no restore testing)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from orgbackup.deploy.config import parse_config
from orgbackup.deploy.errors import ConfigError, ConfigIssue
from orgbackup.deploy.restore_testing import (
    RestoreTesting,
    RestoreTestingSelection,
    restore_testing_values,
)
from tests.deploy.conftest import EXAMPLE_CONFIG

SECTION: dict[str, Any] = {
    "schedule": "cron(0 5 ? * SAT *)",
    "selections": [
        {"resource_type": "DynamoDB", "tag_key": "data-tier", "tag_value": "gold"},
        {
            "resource_type": "EBS",
            "tag_key": "data-tier",
            "tag_value": "silver",
            "validation_window_hours": 8,
        },
    ],
}


def _config(section: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    data.pop("restore_testing", None)
    if section is not None:
        data["restore_testing"] = copy.deepcopy(section)
    return data


def test_the_section_becomes_member_parameters() -> None:
    config = parse_config(_config(SECTION))

    assert config.restore_testing == RestoreTesting(
        "cron(0 5 ? * SAT *)",
        (
            RestoreTestingSelection("DynamoDB", "data-tier", "gold", 4),
            RestoreTestingSelection("EBS", "data-tier", "silver", 8),
        ),
        24,
    )
    assert restore_testing_values(config.restore_testing) == {
        "RestoreTestingSchedule": "cron(0 5 ? * SAT *)",
        "RestoreTestingStartWindowHours": "24",
        "RestoreTestingSelection1": "DynamoDB|data-tier|gold|4",
        "RestoreTestingSelection2": "EBS|data-tier|silver|8",
    }


def test_without_the_section_nothing_is_set() -> None:
    config = parse_config(_config(None))

    assert config.restore_testing is None
    assert restore_testing_values(None) == {}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"schedule": "every saturday"},
            ConfigIssue(
                "$.restore_testing.schedule",
                "'every saturday' is not a cron expression (UTC), e.g. \"cron(0 5 ? * SAT *)\"",
            ),
        ),
        (
            {"selections": []},
            ConfigIssue("$.restore_testing.selections", "must not be empty"),
        ),
        (
            {"selections": [{**SECTION["selections"][0], "resource_type": "Redshift"}]},
            ConfigIssue(
                "$.restore_testing.selections[0].resource_type",
                "'Redshift' is not one of ['Aurora', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', "
                "'EFS', 'FSx', 'Neptune', 'RDS', 'S3']",
            ),
        ),
        (
            {"selections": [{**SECTION["selections"][0], "tag_key": "tier|gold"}]},
            ConfigIssue(
                "$.restore_testing.selections[0].tag_key",
                "'tier|gold' is not a tag key, e.g. \"data-tier\"",
            ),
        ),
        (
            {"selections": [{**SECTION["selections"][0], "validation_window_hours": 169}]},
            ConfigIssue(
                "$.restore_testing.selections[0].validation_window_hours",
                "169 is greater than the maximum of 168",
            ),
        ),
        (
            {"selections": [{"resource_type": "S3", "tag_key": "data-tier"}]},
            ConfigIssue("$.restore_testing.selections[0].tag_value", "is required"),
        ),
        (
            {"tag_values": ["gold"]},
            ConfigIssue("$.restore_testing.tag_values", "unknown field"),
        ),
    ],
)
def test_each_mistake_names_its_field(change: dict[str, Any], expected: ConfigIssue) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(_config({**SECTION, **change}))

    assert raised.value.issues == [expected]


def test_more_than_three_selections_are_refused() -> None:
    first = SECTION["selections"][0]
    selections = [{**first, "tag_value": f"tier{i}"} for i in range(4)]
    section = {**SECTION, "selections": selections}

    with pytest.raises(ConfigError) as raised:
        parse_config(_config(section))

    [issue] = raised.value.issues
    assert issue.path == "$.restore_testing.selections"
    assert issue.message == "has 4 entries; at most 3 allowed"


def test_the_same_selection_twice_is_refused() -> None:
    section = {**SECTION, "selections": [SECTION["selections"][0]] * 2}

    with pytest.raises(ConfigError) as raised:
        parse_config(_config(section))

    [issue] = raised.value.issues
    assert (issue.path, issue.message) == (
        "$.restore_testing.selections",
        "lists the same entry twice",
    )


@pytest.mark.parametrize("template", ["member-restore-testing.yaml", "stacksets.yaml"])
def test_the_templates_accept_every_value_the_section_produces(template: str) -> None:
    import re

    from tests.templates.loader import load

    parameters = load(template)["Parameters"]
    longest = {
        "resource_type": "DocumentDB",
        "tag_key": "k" * 128,
        "tag_value": "v" * 256,
        "validation_window_hours": 168,
    }
    section = {**SECTION, "selections": [*SECTION["selections"], longest]}

    values = restore_testing_values(parse_config(_config(section)).restore_testing)

    for name, value in values.items():
        pattern = parameters[name].get("AllowedPattern")
        assert pattern is None or re.fullmatch(pattern, value), (name, value)
    assert {f"RestoreTestingSelection{n}" for n in (1, 2, 3)} <= set(parameters)


def test_a_target_region_without_restore_testing_types_is_refused_only_with_the_section() -> None:
    # cfn-lint's Region schemas have no AWS::Backup::RestoreTestingPlan in ap-southeast-5.
    data = _config(SECTION)
    data["target_regions"] = ["ap-southeast-5"]
    for optional in ("audit", "monitoring"):
        data.pop(optional, None)

    with pytest.raises(ConfigError) as raised:
        parse_config(data)

    assert {issue.path for issue in raised.value.issues} == {"$.target_regions[0]"}
    assert all("member-restore-testing.yaml" in i.message for i in raised.value.issues)
    del data["restore_testing"]
    assert parse_config(data).restore_testing is None
