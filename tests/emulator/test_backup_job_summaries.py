"""List{Backup,Copy,Restore}JobSummaries count the emulated jobs, organization-wide only for the
management account or AWS Backup's delegated administrator with trusted access on."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from rehearsal.emulator.backup.job_failures import fail_backup_job
from tests.emulator.monitoring_org import (
    OTHER_REGION,
    REGION,
    VAULT,
    MonitoredOrg,
    client,
    monitored_org,
    table_arn,
)


def _fail(org: MonitoredOrg, account: str, table: str, region: str = REGION) -> None:
    fail_backup_job(
        account,
        region,
        backup_vault_name=VAULT,
        resource_arn=table,
        iam_role_arn=org.role(account),
        status_message="Resource not found",
        message_category="INVALID_PARAMETERS",
    )


def _jobs(org: MonitoredOrg) -> None:
    """Member: 2 completed + 1 failed backup, 1 restore (us-east-1), 1 failed (eu-west-1);
    home: 1 completed backup."""
    member_table, home_table = table_arn(org.member), table_arn(org.home)
    backup = client(org.member, "backup")
    points = [
        backup.start_backup_job(
            BackupVaultName=VAULT, ResourceArn=member_table, IamRoleArn=org.role(org.member)
        )["RecoveryPointArn"]
        for _ in range(2)
    ]
    _fail(org, org.member, member_table)
    _fail(org, org.member, table_arn(org.member, region=OTHER_REGION), OTHER_REGION)
    backup.start_restore_job(
        RecoveryPointArn=points[0],
        Metadata={"targetTableName": "orders-restored"},
        IamRoleArn=org.role(org.member),
    )
    client(org.home, "backup").start_backup_job(
        BackupVaultName=VAULT, ResourceArn=home_table, IamRoleArn=org.role(org.home)
    )


def _counts(rows: list[dict[str, Any]]) -> dict[tuple[str, ...], int]:
    return {
        (row["Region"], row["AccountId"], row["State"], row.get("MessageCategory", "")): row[
            "Count"
        ]
        for row in rows
    }


def test_the_delegated_administrator_counts_every_account_of_its_region(aws: None) -> None:
    org = monitored_org()
    _jobs(org)
    backup = client(org.home, "backup")

    rows = backup.list_backup_job_summaries(
        AccountId="ANY", State="ANY", ResourceType="ANY", AggregationPeriod="ONE_DAY"
    )["BackupJobSummaries"]

    assert _counts(rows) == {
        (REGION, org.member, "COMPLETED", "SUCCESS"): 2,
        (REGION, org.member, "FAILED", "INVALID_PARAMETERS"): 1,
        (REGION, org.home, "COMPLETED", "SUCCESS"): 1,
    }
    assert {row["ResourceType"] for row in rows} == {"DynamoDB"}
    assert all(row["EndTime"] > row["StartTime"] for row in rows)
    other = client(org.home, "backup", OTHER_REGION).list_backup_job_summaries(AccountId="ANY")
    assert _counts(other["BackupJobSummaries"]) == {
        (OTHER_REGION, org.member, "FAILED", "INVALID_PARAMETERS"): 1
    }
    restores = backup.list_restore_job_summaries(AccountId="ANY", State="ANY")
    assert [(r["AccountId"], r["State"], r["Count"]) for r in restores["RestoreJobSummaries"]] == [
        (org.member, "COMPLETED", 1)
    ]
    assert backup.list_copy_job_summaries(AccountId="ANY")["CopyJobSummaries"] == []


def test_aggregate_all_sums_a_dimension(aws: None) -> None:
    org = monitored_org()
    _jobs(org)

    rows = client(org.home, "backup").list_backup_job_summaries(
        AccountId="AGGREGATE_ALL", State="FAILED", MessageCategory="AGGREGATE_ALL"
    )["BackupJobSummaries"]

    assert _counts(rows) == {(REGION, "AGGREGATE_ALL", "FAILED", "AGGREGATE_ALL"): 1}


@pytest.mark.parametrize("trusted_access", [True, False])
def test_without_the_right_to_monitor_a_caller_sees_its_own_jobs(
    aws: None, trusted_access: bool
) -> None:
    org = monitored_org(trusted_access=trusted_access)
    _jobs(org)
    # A member never monitors others; the delegated administrator only with trusted access.
    caller = org.member if trusted_access else org.home

    rows = client(caller, "backup").list_backup_job_summaries(AccountId="ANY")["BackupJobSummaries"]

    assert {row["AccountId"] for row in rows} == {caller}


def test_pages_follow_next_token(aws: None) -> None:
    org = monitored_org()
    _jobs(org)
    backup = client(org.home, "backup")

    first = backup.list_backup_job_summaries(AccountId="ANY", MaxResults=2)
    second = backup.list_backup_job_summaries(
        AccountId="ANY", MaxResults=2, NextToken=first["NextToken"]
    )

    assert len(first["BackupJobSummaries"]) == 2
    assert len(second["BackupJobSummaries"]) == 1
    assert "NextToken" not in second


def test_a_bad_aggregation_period_names_the_field(aws: None) -> None:
    org = monitored_org()
    with pytest.raises(ClientError, match="AggregationPeriod"):
        client(org.home, "backup").list_backup_job_summaries(AggregationPeriod="ONE_YEAR")
