"""A restore test run on demand: the restored resource exists, the job names its plan, the
"Restore Job State Change" event reaches an SQS target with ``restoreTestingPlanArn``, and
PutRestoreValidationResult is what DescribeRestoreJob then reports.

https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html
"""

from __future__ import annotations

import json
import urllib.error
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from rehearsal.emulator.backup.restore_testing import request_restore_test, run_restore_testing

ACCOUNT, REGION = "123456789012", "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/backup-operator"
TEST_ROLE = f"arn:aws:iam::{ACCOUNT}:role/restore-testing"
VAULT = "restore-testing-vault"
RESTORE_COMPLETED = {
    "source": ["aws.backup"],
    "detail-type": ["Restore Job State Change"],
    "detail": {"status": ["COMPLETED"], "restoreTestingPlanArn": [{"exists": True}]},
}


def _table(name: str, items: int, tags: dict[str, str]) -> str:
    dynamodb = boto3.client("dynamodb")
    arn = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )["TableDescription"]["TableArn"]
    for index in range(items):
        dynamodb.put_item(TableName=name, Item={"pk": {"S": f"item-{index}"}})
    return str(arn)


def _backed_up_tables() -> dict[str, str]:
    """Two tagged tables and one untagged, each backed up once; name -> table ARN."""
    backup = boto3.client("backup")
    backup.create_backup_vault(BackupVaultName=VAULT)
    tables = {
        "orders": _table("orders", 3, {"restore-test": "yes"}),
        "invoices": _table("invoices", 2, {"restore-test": "yes"}),
        "scratch": _table("scratch", 1, {}),
    }
    for arn in tables.values():
        backup.start_backup_job(BackupVaultName=VAULT, ResourceArn=arn, IamRoleArn=ROLE)
    return tables


def _plan_with_selection(overrides: dict[str, str] | None = None) -> str:
    backup = boto3.client("backup")
    plan = backup.create_restore_testing_plan(
        RestoreTestingPlan={
            "RestoreTestingPlanName": "weekly",
            "ScheduleExpression": "cron(0 5 ? * SUN *)",
            "RecoveryPointSelection": {
                "Algorithm": "LATEST_WITHIN_WINDOW",
                "IncludeVaults": ["*"],
                "RecoveryPointTypes": ["SNAPSHOT"],
            },
        }
    )
    backup.create_restore_testing_selection(
        RestoreTestingPlanName="weekly",
        RestoreTestingSelection={
            "RestoreTestingSelectionName": "tagged_tables",
            "ProtectedResourceType": "DynamoDB",
            "IamRoleArn": TEST_ROLE,
            "ProtectedResourceArns": ["*"],
            "ProtectedResourceConditions": {
                "StringEquals": [{"Key": "aws:ResourceTag/restore-test", "Value": "yes"}]
            },
            **({"RestoreMetadataOverrides": overrides} if overrides else {}),
        },
    )
    return str(plan["RestoreTestingPlanArn"])


def _queue_for_rule(pattern: dict[str, Any]) -> str:
    sqs, events = boto3.client("sqs"), boto3.client("events")
    url = sqs.create_queue(QueueName="restore-tests")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    events.put_rule(Name="restore-tests", EventPattern=json.dumps(pattern))
    events.put_targets(Rule="restore-tests", Targets=[{"Id": "q", "Arn": arn["QueueArn"]}])
    return str(url)


def _received(url: str) -> list[dict[str, Any]]:
    messages = boto3.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    return [json.loads(m["Body"]) for m in messages.get("Messages", [])]


def test_a_run_restores_each_matching_table_and_announces_it(aws: None) -> None:
    tables = _backed_up_tables()
    plan_arn = _plan_with_selection()
    url = _queue_for_rule(RESTORE_COMPLETED)

    job_ids = run_restore_testing(ACCOUNT, REGION, "weekly")

    backup, dynamodb = boto3.client("backup"), boto3.client("dynamodb")
    jobs = [backup.describe_restore_job(RestoreJobId=job_id) for job_id in job_ids]
    assert sorted(job["SourceResourceArn"] for job in jobs) == sorted(
        [tables["invoices"], tables["orders"]]
    )  # "scratch" lacks the tag
    for job in jobs:
        assert job["Status"] == "COMPLETED"
        assert job["CreatedBy"] == {"RestoreTestingPlanArn": plan_arn}
        assert job["IamRoleArn"] == TEST_ROLE
        restored = job["CreatedResourceArn"].rsplit("/", 1)[-1]
        source = job["SourceResourceArn"].rsplit("/", 1)[-1]
        assert restored != source
        restored_items = dynamodb.scan(TableName=restored)["Items"]
        assert len(restored_items) == len(dynamodb.scan(TableName=source)["Items"])
    events = _received(url)
    assert sorted(e["detail"]["restoreJobId"] for e in events) == sorted(job_ids)
    assert {e["detail"]["restoreTestingPlanArn"] for e in events} == {plan_arn}
    plan = backup.get_restore_testing_plan(RestoreTestingPlanName="weekly")["RestoreTestingPlan"]
    assert "LastExecutionTime" in plan
    by_plan = backup.list_restore_jobs(ByRestoreTestingPlanArn=plan_arn)["RestoreJobs"]
    assert sorted(job["RestoreJobId"] for job in by_plan) == sorted(job_ids)
    other = backup.list_restore_jobs(ByRestoreTestingPlanArn=f"{plan_arn}-other")["RestoreJobs"]
    assert other == []


def test_metadata_overrides_reach_the_restore_job(aws: None) -> None:
    _backed_up_tables()
    # Override keys are not case sensitive (RestoreTestingSelectionForCreate): ENCRYPTIONTYPE
    # replaces the inferred encryptionType.
    _plan_with_selection({"targetTableName": "restore_test_copy", "ENCRYPTIONTYPE": "KMS"})
    (job_id, *_) = run_restore_testing(ACCOUNT, REGION, "weekly")
    backup = boto3.client("backup")
    job = backup.describe_restore_job(RestoreJobId=job_id)
    assert job["CreatedResourceArn"].endswith(":table/restore_test_copy")
    metadata = backup.get_restore_job_metadata(RestoreJobId=job_id)["Metadata"]
    assert metadata == {"targetTableName": "restore_test_copy", "encryptionType": "KMS"}
    table = boto3.client("dynamodb").describe_table(TableName="restore_test_copy")["Table"]
    assert table["SSEDescription"]["SSEType"] == "KMS"
    inferred = backup.get_restore_testing_inferred_metadata(
        BackupVaultName=VAULT, RecoveryPointArn=job["RecoveryPointArn"]
    )["InferredMetadata"]
    assert inferred == {"encryptionType": "Default"}


def test_validation_results_are_recorded_on_restore_testing_jobs_only(aws: None) -> None:
    tables = _backed_up_tables()
    _plan_with_selection()
    job_id = run_restore_testing(ACCOUNT, REGION, "weekly")[0]
    backup = boto3.client("backup")
    backup.put_restore_validation_result(
        RestoreJobId=job_id, ValidationStatus="FAILED", ValidationStatusMessage="0 of 3 items"
    )
    job = backup.describe_restore_job(RestoreJobId=job_id)
    assert (job["ValidationStatus"], job["ValidationStatusMessage"]) == ("FAILED", "0 of 3 items")
    backup.put_restore_validation_result(RestoreJobId=job_id, ValidationStatus="SUCCESSFUL")
    assert backup.describe_restore_job(RestoreJobId=job_id)["ValidationStatus"] == "SUCCESSFUL"

    with pytest.raises(ClientError) as bad_status:
        backup.put_restore_validation_result(RestoreJobId=job_id, ValidationStatus="SKIPPED")
    assert bad_status.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "ValidationStatus" in bad_status.value.response["Error"]["Message"]

    points = backup.list_recovery_points_by_resource(ResourceArn=tables["scratch"])
    manual = backup.start_restore_job(
        RecoveryPointArn=points["RecoveryPoints"][0]["RecoveryPointArn"], Metadata={}
    )["RestoreJobId"]
    with pytest.raises(ClientError) as not_a_test:
        backup.put_restore_validation_result(RestoreJobId=manual, ValidationStatus="SUCCESSFUL")
    assert not_a_test.value.response["Error"]["Code"] == "InvalidRequestException"
    assert "ValidationStatus" not in backup.describe_restore_job(RestoreJobId=manual)
    with pytest.raises(ClientError) as missing:
        backup.put_restore_validation_result(RestoreJobId="NOPE", ValidationStatus="SUCCESSFUL")
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_a_plan_whose_selections_match_nothing_starts_no_job(aws: None) -> None:
    _plan_with_selection()  # no recovery point at all
    assert run_restore_testing(ACCOUNT, REGION, "weekly") == []
    assert boto3.client("backup").list_restore_jobs()["RestoreJobs"] == []


def test_a_run_is_requested_over_the_server(emulator_endpoint: str) -> None:
    tables = _backed_up_tables()
    plan_arn = _plan_with_selection()
    job_ids = request_restore_test(emulator_endpoint, "weekly")
    backup = boto3.client("backup")
    sources = {backup.describe_restore_job(RestoreJobId=j)["SourceResourceArn"] for j in job_ids}
    assert sources == {tables["orders"], tables["invoices"]}
    listed = backup.list_restore_jobs()["RestoreJobs"]
    assert {job["CreatedBy"]["RestoreTestingPlanArn"] for job in listed} == {plan_arn}
    with pytest.raises(urllib.error.HTTPError) as missing:
        request_restore_test(emulator_endpoint, "no_such_plan")
    assert missing.value.code == 400
    assert json.loads(missing.value.read())["__type"] == "ResourceNotFoundException"
