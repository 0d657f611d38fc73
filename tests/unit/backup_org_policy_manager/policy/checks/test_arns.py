"""ARNs: shapes of ARN settings, and $account only where an ARN is taken."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.arns import (
    check_account_placeholder,
    check_air_gapped_vault_arn,
    check_resource_type_arns,
    check_scanner_role_arn,
)

AIR_GAPPED = "target_logically_air_gapped_backup_vault_arn"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param(
            {AIR_GAPPED: {"@@assign": "arn:aws:backup:$region:$account:backup-vault:AirGapped"}},
            [],
            id="placeholders",
        ),
        pytest.param(
            {AIR_GAPPED: "arn:aws-us-gov:backup:us-gov-west-1:123456789012:backup-vault:AG"},
            [],
            id="govcloud",
        ),
        pytest.param(
            {AIR_GAPPED: "arn:aws:backup:us-east-1:12345:backup-vault:AirGapped"},
            [
                Issue(
                    "P603",
                    (AIR_GAPPED,),
                    f"{AIR_GAPPED} 'arn:aws:backup:us-east-1:12345:backup-vault:AirGapped' "
                    "is not a backup vault ARN",
                )
            ],
            id="short-account",
        ),
        pytest.param({}, [], id="absent"),
        pytest.param("rule", [], id="not-an-object"),
    ],
)
def test_check_air_gapped_vault_arn(rule: object, expected: list[Issue]) -> None:
    assert list(check_air_gapped_vault_arn(rule)) == expected


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        pytest.param({"scanner_role_arn": "arn:aws:iam::$account:role/Scanner"}, [], id="role"),
        pytest.param(
            {"scanner_role_arn": {"@@assign": "Scanner"}},
            [
                Issue(
                    "P603",
                    ("scanner_role_arn",),
                    "scanner_role_arn 'Scanner' is not an IAM role ARN",
                )
            ],
            id="name-not-arn",
        ),
    ],
)
def test_check_scanner_role_arn(setting: object, expected: list[Issue]) -> None:
    assert list(check_scanner_role_arn(setting)) == expected


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        pytest.param(
            {
                "resource_types": {"@@assign": ["*"]},
                "not_resource_types": ["arn:aws:ec2:*:*:volume/*", "arn:aws:s3:::*"],
            },
            [],
            id="patterns",
        ),
        pytest.param(
            {"resource_types": {"@@append": ["EBS"]}},
            [
                Issue(
                    "P603",
                    ("resource_types", "@@append", 0),
                    "resource_types 'EBS' is not an ARN pattern",
                )
            ],
            id="type-name-not-arn",
        ),
    ],
)
def test_check_resource_type_arns(selection: object, expected: list[Issue]) -> None:
    assert list(check_resource_type_arns(selection)) == expected


COPY_KEY = "arn:aws:backup:us-east-1:$account:backup-vault:Copy"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(
            {
                "plans": {
                    "P": {
                        "rules": {
                            "R": {
                                "copy_actions": {COPY_KEY: {"target_backup_vault_arn": COPY_KEY}},
                            }
                        },
                        "selections": {
                            "tags": {
                                "S": {"iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/B"}}
                            }
                        },
                    }
                }
            },
            [],
            id="arn-settings",
        ),
        pytest.param(
            {"plans": {"P": {"rules": {"R": {"target_backup_vault_name": "vault-$account"}}}}},
            [
                Issue(
                    "P604",
                    ("plans", "P", "rules", "R", "target_backup_vault_name"),
                    "$account can only be used in a value that takes an ARN",
                )
            ],
            id="vault-name",
        ),
        pytest.param(
            {
                "plans": {
                    "P": {"selections": {"tags": {"S": {"tag_value": {"@@assign": ["$account"]}}}}}
                }
            },
            [
                Issue(
                    "P604",
                    ("plans", "P", "selections", "tags", "S", "tag_value", "@@assign", 0),
                    "$account can only be used in a value that takes an ARN",
                )
            ],
            id="tag-value",
        ),
        pytest.param(
            {"plans": {"backup-$account": {}}},
            [
                Issue(
                    "P604",
                    ("plans", "backup-$account"),
                    "$account can only be used in a value that takes an ARN",
                )
            ],
            id="plan-name",
        ),
        pytest.param(
            {"plans": {"P": {"rules": {"iam_role_arn": {"$account": "x"}}}}},
            [
                Issue(
                    "P604",
                    ("plans", "P", "rules", "iam_role_arn", "$account"),
                    "$account can only be used in a value that takes an ARN",
                )
            ],
            id="key-under-arn-setting",
        ),
    ],
)
def test_check_account_placeholder(document: object, expected: list[Issue]) -> None:
    assert list(check_account_placeholder(document)) == expected
