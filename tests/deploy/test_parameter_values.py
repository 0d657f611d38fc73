"""`parameters:` in the deployment configuration: CloudFormation's own parameter rules, applied
before anything is deployed, each mistake named by its field with what a valid value looks like."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgbackup.deploy.config import load_config, parse_config
from orgbackup.deploy.errors import ConfigError, ConfigIssue
from orgbackup.deploy.parameter_values import value_issues
from orgbackup.deploy.schema import SCHEMA
from tests.deploy.conftest import EXAMPLE_CONFIG


def _with_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(yaml.safe_load(EXAMPLE_CONFIG.read_text()))
    data["parameters"] = parameters
    return data


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        (
            {"stackset": {"NotificationEmail": "ops@example.com"}},
            ConfigIssue("$.parameters.stackset", "is not a stack kind; did you mean stacksets?"),
        ),
        (
            {"stacksets": {"NotificationEmial": "ops@example.com"}},
            ConfigIssue(
                "$.parameters.stacksets.NotificationEmial",
                "templates/stacksets.yaml declares no such parameter; did you mean "
                "NotificationEmail?",
            ),
        ),
        (
            {"stacksets": {"VaultLockMinRetentionDays": "forty"}},
            ConfigIssue(
                "$.parameters.stacksets.VaultLockMinRetentionDays",
                "'forty' is not a number; expected Shortest retention locked vaults accept (the "
                'policies\' shortest must not be shorter) (e.g. "7")',
            ),
        ),
        (
            {"stacksets": {"VaultLockChangeableForDays": "2"}},
            ConfigIssue(
                "$.parameters.stacksets.VaultLockChangeableForDays",
                "2 is below the minimum 3; expected Compliance mode grace period in days (at "
                'least 3) (e.g. "3")',
            ),
        ),
        (
            {"stacksets": {"VaultLockMaxRetentionDays": "36501"}},
            ConfigIssue(
                "$.parameters.stacksets.VaultLockMaxRetentionDays",
                "36501 is above the maximum 36500; expected Longest retention locked vaults "
                'accept (the policies\' longest must not be longer) (e.g. "3650")',
            ),
        ),
        (
            {"stacksets": {"MemberVaultLockMode": "Governance"}},
            ConfigIssue(
                "$.parameters.stacksets.MemberVaultLockMode",
                "'Governance' is not one of none, governance, compliance; expected Vault lock "
                'of the member vaults (e.g. "governance")',
            ),
        ),
        (
            {"stacksets": {"LogRetentionDays": "100"}},
            ConfigIssue(
                "$.parameters.stacksets.LogRetentionDays",
                "'100' is not one of 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, "
                "2192, 2557, 2922, 3288, 3653; expected Days the member functions keep their "
                'logs (e.g. "365")',
            ),
        ),
        (
            {"stacksets": {"NotificationEmail": "ops at example.com"}},
            ConfigIssue(
                "$.parameters.stacksets.NotificationEmail",
                "'ops at example.com' is not valid; expected Optional e-mail address for every "
                "member's failure topic (empty for none)",
            ),
        ),
    ],
    ids=[
        "kind typo",
        "parameter typo",
        "Number not a number",
        "below MinValue",
        "above MaxValue",
        "not in AllowedValues",
        "Number not in AllowedValues",
        "AllowedPattern",
    ],
)
def test_each_parameter_mistake_is_named_with_a_valid_value(
    parameters: dict[str, Any], expected: ConfigIssue
) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(_with_parameters(parameters))
    assert raised.value.issues == [expected]
    assert "^" not in expected.message  # no raw regular expression in what the user reads


def test_valid_overrides_pass() -> None:
    config = parse_config(
        _with_parameters(
            {
                "stacksets": {
                    "NotificationEmail": "ops@example.com",
                    "VaultLockMinRetentionDays": "14",
                    "LogRetentionDays": "731",
                    "TagOnRestoreReservedConcurrency": "5",
                },
                "org-policies": {},
            }
        )
    )
    assert config.parameters["stacksets"]["LogRetentionDays"] == "731"


@pytest.mark.parametrize(
    ("spec", "value", "reason"),
    [
        ({"Type": "String", "MinLength": 3}, "ab", "is 2 characters; the minimum is 3"),
        ({"Type": "String", "MaxLength": 3}, "abcd", "is 4 characters; the maximum is 3"),
        ({"Type": "String", "AllowedPattern": "[a-z]+"}, "abc1", "'abc1' is not valid"),
        ({"Type": "String", "AllowedPattern": "[a-z]+"}, "abc", None),  # whole value matches
        ({"Type": "Number"}, "1e3", None),
        ({"Type": "Number"}, "-2.5", None),
        ({"Type": "Number"}, "", "'' is not a number"),
        ({"Type": "CommaDelimitedList", "AllowedValues": ["a", "b"]}, "a,b", None),
        (
            {"Type": "CommaDelimitedList", "AllowedValues": ["a", "b"]},
            "a,c",
            "'c' is not one of a, b",
        ),
        ({"Type": "List<Number>"}, "1,x", "'x' is not a number"),
    ],
)
def test_cloudformation_parameter_rules(
    spec: dict[str, Any], value: str, reason: str | None
) -> None:
    assert value_issues(spec, value) == reason


def test_a_key_given_twice_is_refused_with_both_lines(tmp_path: Path) -> None:
    text = EXAMPLE_CONFIG.read_text().replace(
        "parameters: {}",
        "parameters:\n  stacksets:\n    LogRetentionDays: '30'\n    LogRetentionDays: '60'",
    )
    assert text != EXAMPLE_CONFIG.read_text()
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    [issue] = raised.value.issues
    assert issue.path == "$"
    assert "key 'LogRetentionDays' appears twice (first on line" in issue.message


def _patterned(node: object) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [node] if "pattern" in node else []
        return own + [found for value in node.values() for found in _patterned(value)]
    if isinstance(node, list):
        return [found for value in node for found in _patterned(value)]
    return []


def test_every_patterned_field_of_the_schema_explains_itself_with_a_valid_example() -> None:
    fields = _patterned(SCHEMA)
    assert len(fields) >= 15
    for field in fields:
        assert field["description"], field
        [example] = field["examples"]
        assert re.search(field["pattern"], example), (field["description"], example)
