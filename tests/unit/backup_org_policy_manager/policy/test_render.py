"""Render: variables, pinned regions, duplicate keys, unreplaced placeholders, minified."""

from __future__ import annotations

import json

import pytest

from backup_org_policy_manager.policy import Issue, PolicyValidationError, render

CENTRAL = "arn:aws:backup:eu-west-1:111122223333:backup-vault:Central"
TEMPLATE = """
{
  "plans": {
    "Daily-35": {
      "regions": {"@@assign": ["us-east-1"]},
      "rules": {
        "Daily": {
          "target_backup_vault_name": {"@@assign": "${VaultName}"},
          "copy_actions": {
            "${CentralVaultArn}": {"target_backup_vault_arn": {"@@assign": "${CentralVaultArn}"}}
          }
        }
      }
    }
  }
}
"""
VARIABLES = {"${CentralVaultArn}": CENTRAL, "${VaultName}": "AWSBackupSolutionVault"}


def test_render_replaces_variables_in_keys_and_values_and_minifies() -> None:
    rendered = render(TEMPLATE, variables=VARIABLES)
    assert rendered == json.dumps(json.loads(rendered), separators=(",", ":"))
    rule = json.loads(rendered)["plans"]["Daily-35"]["rules"]["Daily"]
    assert rule["target_backup_vault_name"] == {"@@assign": "AWSBackupSolutionVault"}
    assert rule["copy_actions"] == {CENTRAL: {"target_backup_vault_arn": {"@@assign": CENTRAL}}}


def test_render_accepts_an_object() -> None:
    content = json.loads(TEMPLATE)
    assert render(content, variables=VARIABLES) == render(TEMPLATE, variables=VARIABLES)


def test_render_escapes_values_inside_strings_and_inserts_them_outside() -> None:
    content = '{"plans": {}, "note": "${Quote}", "days": ${Days}, "list": ${List}}'
    variables = {"${Quote}": 'say "hi"\\', "${Days}": "35", "${List}": '["a"]'}
    assert json.loads(render(content, variables=variables)) == {
        "plans": {},
        "note": 'say "hi"\\',
        "days": 35,
        "list": ["a"],
    }


def test_render_replaces_once_and_prefers_the_longest_name() -> None:
    variables = {"@A@": "@B@", "@B@": "b", "@A": "short", "@AB": "long"}
    rendered = render('{"plans": {}, "x": "@A@-@B@", "y": "@AB"}', variables=variables)
    assert json.loads(rendered) | {"plans": {}} == {"plans": {}, "x": "@B@-b", "y": "long"}


def test_render_pins_every_plans_regions() -> None:
    content = {"plans": {"A": {"regions": {"@@append": ["eu-west-1"]}}, "B": {}}}
    rendered = json.loads(render(content, regions=[" us-east-1", "eu-west-1 ", "us-east-1", ""]))
    assert rendered["plans"]["A"]["regions"] == {"@@assign": ["us-east-1", "eu-west-1"]}
    assert rendered["plans"]["B"]["regions"] == {"@@assign": ["us-east-1", "eu-west-1"]}


def test_render_accepts_regions_as_one_comma_separated_string() -> None:
    rendered = json.loads(render({"plans": {"A": {}}}, regions="us-east-1, eu-west-1"))
    assert rendered["plans"]["A"]["regions"] == {"@@assign": ["us-east-1", "eu-west-1"]}


def test_render_pins_regions_only_where_there_are_plans() -> None:
    assert render({"plans": []}, regions=["us-east-1"]) == '{"plans":[]}'
    ops = {"plans": {"@@operators_allowed_for_child_policies": ["@@append"]}}
    assert json.loads(render(ops, regions=["us-east-1"])) == ops


def test_render_keeps_non_ascii_characters() -> None:
    assert render({"plans": {}, "tag": "café"}) == '{"plans":{},"tag":"café"}'


@pytest.mark.parametrize(
    ("content", "kwargs", "expected"),
    [
        pytest.param(
            TEMPLATE,
            {"variables": {"${VaultName}": "Vault"}},
            [
                Issue(
                    "P109",
                    ("plans", "Daily-35", "rules", "Daily", "copy_actions", "${CentralVaultArn}"),
                    "variable ${CentralVaultArn} was not given a value",
                ),
                Issue(
                    "P109",
                    (
                        "plans",
                        "Daily-35",
                        "rules",
                        "Daily",
                        "copy_actions",
                        "${CentralVaultArn}",
                        "target_backup_vault_arn",
                        "@@assign",
                    ),
                    "variable ${CentralVaultArn} was not given a value",
                ),
            ],
            id="unknown-variable",
        ),
        pytest.param(
            '{"plans": {}, "days": ${Days}}',
            {},
            [
                Issue("P109", (), "variable ${Days} was not given a value"),
                Issue(
                    "P100", (), "the policy is not valid JSON: Expecting value at line 1 column 23"
                ),
            ],
            id="unquoted-unknown-variable",
        ),
        pytest.param(
            '{"plans": {"A": {"regions": ["us-east-1"], "regions": ["eu-west-1"]}}}',
            {},
            [
                Issue(
                    "P108",
                    ("plans", "A", "regions"),
                    "key 'regions' appears more than once in this object",
                )
            ],
            id="duplicate-key",
        ),
        pytest.param(
            '{"plans": {}',
            {},
            [
                Issue(
                    "P100",
                    (),
                    "the policy is not valid JSON: Expecting ',' delimiter at line 1 column 13",
                )
            ],
            id="bad-json",
        ),
        pytest.param(
            {"plans": {}},
            {"regions": [" ", ""]},
            [Issue("P602", (), "regions were given but name no Region")],
            id="empty-regions",
        ),
    ],
)
def test_render_refuses(content: object, kwargs: dict[str, object], expected: list[Issue]) -> None:
    with pytest.raises(PolicyValidationError) as raised:
        render(content, **kwargs)  # type: ignore[arg-type]
    assert list(raised.value.issues) == expected
