"""Run a real restore test in the emulator: a tagged DynamoDB table backed up into a vault, a
restore testing plan and selection over it, and the COMPLETED event the restore job sends."""

from __future__ import annotations

from typing import Any

import boto3

from rehearsal.emulator.backup.restore_testing import run_restore_testing
from tests.events import load_event

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/org-backup-service-role"
PLAN = "org_backup_restore_testing"
COUNT_TAG = "restore-validation:item-count"


def back_up_table(items: int, tags: dict[str, str]) -> str:
    """A fully managed backup (the recovery point keeps the tags) of table ``orders``."""
    dynamodb, backup = boto3.client("dynamodb"), boto3.client("backup")
    table = dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=[{"Key": key, "Value": value} for key, value in tags.items()],
    )["TableDescription"]["TableArn"]
    for index in range(items):
        dynamodb.put_item(TableName="orders", Item={"id": {"S": f"order-{index}"}})
    backup.update_region_settings(ResourceTypeManagementPreference={"DynamoDB": True})
    vault = backup.create_backup_vault(BackupVaultName="org-backup-vault")["BackupVaultArn"]
    backup.start_backup_job(BackupVaultName="org-backup-vault", ResourceArn=table, IamRoleArn=ROLE)
    return str(vault)


def run_test(vault_arn: str, resource_type: str = "DynamoDB") -> dict[str, Any]:
    """Create the plan and a data-tier selection, run the test; the restore job's description."""
    backup = boto3.client("backup")
    backup.create_restore_testing_plan(
        RestoreTestingPlan={
            "RestoreTestingPlanName": PLAN,
            "ScheduleExpression": "cron(0 5 ? * SAT *)",
            "RecoveryPointSelection": {
                "Algorithm": "LATEST_WITHIN_WINDOW",
                "IncludeVaults": [vault_arn],
                "RecoveryPointTypes": ["SNAPSHOT"],
            },
        }
    )
    backup.create_restore_testing_selection(
        RestoreTestingPlanName=PLAN,
        RestoreTestingSelection={
            "RestoreTestingSelectionName": "tier_1",
            "ProtectedResourceType": resource_type,
            "ProtectedResourceArns": ["*"],
            "ProtectedResourceConditions": {
                "StringEquals": [{"Key": "aws:ResourceTag/data-tier", "Value": "gold"}]
            },
            "IamRoleArn": ROLE,
            "ValidationWindowHours": 4,
        },
    )
    [job_id] = run_restore_testing(ACCOUNT, REGION, PLAN)
    described: dict[str, Any] = backup.describe_restore_job(RestoreJobId=job_id)
    return described


def completed_event(job: dict[str, Any]) -> dict[str, Any]:
    """The "Restore Job State Change" event AWS sends for ``job``."""
    event = load_event("restore/completed-restore-test-dynamodb")
    event["detail"].update(
        restoreJobId=job["RestoreJobId"],
        resourceType=job["ResourceType"],
        createdResourceArn=job["CreatedResourceArn"],
        recoveryPointArn=job["RecoveryPointArn"],
        restoreTestingPlanArn=job["CreatedBy"]["RestoreTestingPlanArn"],
    )
    return event
