"""Copy actions: at most five, keyed by a concrete vault ARN equal to the target."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.copy_actions import (
    check_copy_actions,
    check_copy_targets_present,
)

CENTRAL = "arn:aws:backup:eu-west-1:111122223333:backup-vault:Central"
SAME_ACCOUNT = "arn:aws:backup:us-east-1:$account:backup-vault:Secondary"


def vault(index: int) -> str:
    return f"arn:aws:backup:us-east-1:111122223333:backup-vault:Vault{index}"


@pytest.mark.parametrize(
    ("copy_actions", "expected"),
    [
        pytest.param(
            {CENTRAL: {"target_backup_vault_arn": {"@@assign": CENTRAL}}}, [], id="central"
        ),
        pytest.param({SAME_ACCOUNT: {"target_backup_vault_arn": SAME_ACCOUNT}}, [], id="account"),
        pytest.param({vault(i): {} for i in range(5)}, [], id="five"),
        pytest.param(
            {vault(i): {} for i in range(6)},
            [Issue("P401", (), "a rule may have at most 5 copy actions, not 6")],
            id="six",
        ),
        pytest.param(
            {"CentralVault": {"target_backup_vault_arn": CENTRAL}},
            [
                Issue(
                    "P402",
                    ("CentralVault",),
                    "copy action key 'CentralVault' is not a backup vault ARN",
                )
            ],
            id="key-not-arn",
        ),
        pytest.param(
            {"arn:aws:backup:$region:$account:backup-vault:Copy": {}},
            [
                Issue(
                    "P404",
                    ("arn:aws:backup:$region:$account:backup-vault:Copy",),
                    "a copy action key cannot use $region; name the Region",
                )
            ],
            id="region-placeholder",
        ),
        pytest.param(
            {CENTRAL: {"target_backup_vault_arn": {"@@assign": vault(1)}}},
            [
                Issue(
                    "P403",
                    (CENTRAL, "target_backup_vault_arn"),
                    f"target_backup_vault_arn {vault(1)!r} differs from the copy action key "
                    f"{CENTRAL!r}",
                )
            ],
            id="target-differs",
        ),
        pytest.param({CENTRAL: "copy"}, [], id="action-not-object"),
        pytest.param([CENTRAL], [], id="not-an-object"),
    ],
)
def test_check_copy_actions(copy_actions: object, expected: list[Issue]) -> None:
    assert list(check_copy_actions(copy_actions)) == expected


def full_plan(copy_actions: object) -> dict[str, object]:
    rule = {"copy_actions": copy_actions}
    return {"regions": [], "rules": {"Daily": rule}, "selections": {}}


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        pytest.param(full_plan({CENTRAL: {"target_backup_vault_arn": CENTRAL}}), [], id="given"),
        pytest.param(
            full_plan({CENTRAL: {"lifecycle": {"delete_after_days": 35}}}),
            [
                Issue(
                    "P405",
                    ("rules", "Daily", "copy_actions", CENTRAL),
                    f"copy action {CENTRAL!r} needs target_backup_vault_arn",
                )
            ],
            id="missing",
        ),
        pytest.param({"rules": {"Daily": {"copy_actions": {CENTRAL: {}}}}}, [], id="partial-plan"),
    ],
)
def test_check_copy_targets_present(plan: object, expected: list[Issue]) -> None:
    assert list(check_copy_targets_present(plan)) == expected
