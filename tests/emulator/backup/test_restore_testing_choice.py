"""Which recovery points a restore test picks: a table, each row citing the AWS page it follows.

Pages (AWS Backup Developer Guide):
RT   https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
RPS  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingRecoveryPointSelection.html
SEL  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html
PRC  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ProtectedResourceConditions.html
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from rehearsal.emulator.backup.records import RecoveryPoint
from rehearsal.emulator.backup.resources import SourceSnapshot
from rehearsal.emulator.backup.restore_testing import choose_recovery_points
from rehearsal.emulator.backup.restore_testing.records import RestoreTestingSelection

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ACCOUNT, REGION = "123456789012", "us-east-1"
VAULT_A = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:a"
VAULT_B = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:b"
TABLE_1 = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/one"
TABLE_2 = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/two"
VOLUME = f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-1"


def _point(
    name: str, resource: str, age_days: float, vault: str = VAULT_A, **tags: str
) -> RecoveryPoint:
    resource_type = "EBS" if ":volume/" in resource else "DynamoDB"
    return RecoveryPoint(
        recovery_point_arn=f"arn:aws:backup:{REGION}:{ACCOUNT}:recovery-point:{name}",
        backup_vault_name=vault.rsplit(":", 1)[-1],
        backup_vault_arn=vault,
        iam_role_arn=f"arn:aws:iam::{ACCOUNT}:role/backup",
        creation_date=NOW - timedelta(days=age_days),
        source=SourceSnapshot(resource, resource_type, resource.rsplit("/", 1)[-1], tags, 1, {}),
    )


# table/one: "old" (40 days), "mid" (10 days, tagged), "new" (1 day) in vault a;
# table/two: "two" (5 days) in vault b; the EBS volume: "vol" (2 days) in vault a.
POINTS = [
    _point("old", TABLE_1, 40, **{"restore-test": "yes"}),
    _point("mid", TABLE_1, 10, **{"restore-test": "yes"}),
    _point("new", TABLE_1, 1),
    _point("two", TABLE_2, 5, VAULT_B, **{"restore-test": "yes", "tier": "gold"}),
    _point("vol", VOLUME, 2),
]


@dataclass(frozen=True)
class Row:
    source: str  # the page (and its statement) the row follows
    expected: list[str]
    plan: dict[str, Any] = field(default_factory=dict)
    selection: dict[str, Any] = field(default_factory=dict)


BASE_PLAN = {
    "Algorithm": "LATEST_WITHIN_WINDOW",
    "IncludeVaults": ["*"],
    "RecoveryPointTypes": ["SNAPSHOT"],
}
ROWS = [
    Row("RPS: LATEST_WITHIN_WINDOW takes each resource's newest point", ["new", "two"]),
    Row(
        "SEL: ProtectedResourceType limits the selection to one type",
        ["vol"],
        selection={"protected_resource_type": "EBS"},
    ),
    Row(
        "RPS: SelectionWindowDays defaults to 30: a 40-day-old point is out",
        ["mid", "two"],
        selection={
            "protected_resource_conditions": {
                "StringEquals": [{"Key": "aws:ResourceTag/restore-test", "Value": "yes"}]
            }
        },
    ),
    Row(
        "RPS: SelectionWindowDays (1-365) bounds the window",
        ["new"],
        plan={"SelectionWindowDays": 3},
    ),
    Row("RPS: IncludeVaults takes specific vault ARNs", ["two"], plan={"IncludeVaults": [VAULT_B]}),
    Row(
        "RPS: ExcludeVaults removes a vault's contents", ["new"], plan={"ExcludeVaults": [VAULT_B]}
    ),
    Row(
        "RPS: RecoveryPointTypes CONTINUOUS only: the emulator keeps only snapshots",
        [],
        plan={"RecoveryPointTypes": ["CONTINUOUS"]},
    ),
    Row(
        "SEL: up to 30 specific ProtectedResourceArns",
        ["two"],
        selection={"protected_resource_arns": [TABLE_2]},
    ),
    Row(
        'SEL: "*" with ProtectedResourceConditions; PRC: StringEquals is exact matching',
        ["mid", "two"],
        selection={
            "protected_resource_arns": ["*"],
            "protected_resource_conditions": {
                "StringEquals": [{"Key": "aws:ResourceTag/restore-test", "Value": "yes"}]
            },
        },
    ),
    Row(
        "PRC: StringNotEquals is negated matching (an untagged resource matches)",
        ["new"],
        selection={
            "protected_resource_conditions": {
                "StringNotEquals": [{"Key": "aws:ResourceTag/tier", "Value": "gold"}]
            }
        },
        plan={"SelectionWindowDays": 7},
    ),
    Row(
        "PRC: every condition must hold",
        ["two"],
        selection={
            "protected_resource_conditions": {
                "StringEquals": [
                    {"Key": "aws:ResourceTag/restore-test", "Value": "yes"},
                    {"Key": "aws:ResourceTag/tier", "Value": "gold"},
                ]
            }
        },
    ),
]


def _selection(**overrides: Any) -> RestoreTestingSelection:
    values: dict[str, Any] = {
        "restore_testing_plan_name": "plan",
        "restore_testing_selection_name": "selection",
        "protected_resource_type": "DynamoDB",
        "iam_role_arn": f"arn:aws:iam::{ACCOUNT}:role/restore",
        "creation_time": NOW,
        "protected_resource_arns": ["*"],
    }
    return RestoreTestingSelection(**(values | overrides))


def _names(points: list[RecoveryPoint]) -> list[str]:
    return [point.recovery_point_arn.rsplit(":", 1)[-1] for point in points]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.source)
def test_the_points_a_restore_test_picks(row: Row) -> None:
    chosen = choose_recovery_points(
        POINTS, BASE_PLAN | row.plan, _selection(**row.selection), NOW, random.Random(0)
    )
    assert _names(chosen) == row.expected


def test_random_within_window_picks_any_point_of_the_window_and_varies_with_the_seed() -> None:
    # RPS: RANDOM_WITHIN_WINDOW picks a random point within SelectionWindowDays.
    plan = BASE_PLAN | {"Algorithm": "RANDOM_WITHIN_WINDOW", "SelectionWindowDays": 30}
    selection = _selection(protected_resource_arns=[TABLE_1])
    picks = {
        _names(choose_recovery_points(POINTS, plan, selection, NOW, random.Random(seed)))[0]
        for seed in range(20)
    }
    assert picks == {"mid", "new"}  # never "old", outside the window
