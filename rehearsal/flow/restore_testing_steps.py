"""The restore testing proof: in the workload account and Region (as copy and restore), the
restore testing plan the restore testing StackSet deployed (templates/member-restore-testing.yaml)
restores tagged DynamoDB tables, the deployed rule runs the deployed validation function, and
each restore job records its verdict.

Two tables carry the tag of the configuration's first DynamoDB selection: one whose recovery
point says how many items it holds (SUCCESSFUL), and one whose recovery point claims more items
than were backed up, the injected fault (FAILED). AWS starts a test on the plan's schedule; the
emulator has no clock, so the step starts it (``run_restore_testing``).
"""

from __future__ import annotations

from typing import Any

from rehearsal.emulator.backup.restore_testing import run_restore_testing
from rehearsal.flow.console import Console
from rehearsal.flow.copy_restore_stacks import instance_stack
from rehearsal.flow.deploy_steps import DeployContext
from rehearsal.flow.member_steps import MemberSteps
from rehearsal.flow.record import Step

__all__ = ["PLAN_NAME", "RestoreTestingProofError", "run_restore_testing_proof"]

PLAN_NAME = "org_backup_restore_testing"  # templates/member-restore-testing.yaml
COUNT_TAG = "restore-validation:item-count"  # functions/restore_validation/config.py default
ITEMS = 3
# table -> the item count its recovery point claims; the second is the injected fault.
TABLES = {"restore-test-orders": ITEMS, "restore-test-broken": ITEMS + 2}


class RestoreTestingProofError(Exception):
    """Raised when the proof cannot run: restore testing is not configured for DynamoDB."""


def _tier(context: DeployContext) -> tuple[str, str]:
    settings = context.config.restore_testing
    selections = [
        s for s in (settings.selections if settings else ()) if s.resource_type == "DynamoDB"
    ]
    if not selections:
        raise RestoreTestingProofError(
            "the configuration has no restore_testing selection for DynamoDB "
            "(deploy/config.example.yaml shows one)"
        )
    return selections[0].tag_key, selections[0].tag_value


def _back_up_tables(client: Any, stack: dict[str, Any], tag: tuple[str, str]) -> None:
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    account = stack["StackId"].split(":")[4]
    role = f"arn:aws:iam::{account}:role/{outputs['BackupServiceRoleName']}"
    dynamodb, backup = client("dynamodb"), client("backup")
    for table, claimed in TABLES.items():
        arn = dynamodb.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            Tags=[{"Key": tag[0], "Value": tag[1]}, {"Key": COUNT_TAG, "Value": str(claimed)}],
        )["TableDescription"]["TableArn"]
        for index in range(ITEMS):
            dynamodb.put_item(TableName=table, Item={"id": {"S": f"item-{index}"}})
        backup.start_backup_job(
            BackupVaultName=outputs["MemberVaultName"], ResourceArn=arn, IamRoleArn=role
        )


def _source_table(job: dict[str, Any]) -> str:
    return str(job.get("SourceResourceArn", "")).rsplit("/", 1)[-1]


def _check_jobs(console: Console, step: Step, jobs: list[dict[str, Any]], plan_arn: str) -> None:
    by_source = {_source_table(job): job for job in jobs}
    console.table(step, "restore test jobs", [
        {"source": _source_table(j), "restored": j.get("CreatedResourceArn", "-"),
         "status": j["Status"], "validation": j.get("ValidationStatus", "-"),
         "message": j.get("ValidationStatusMessage", "-")}
        for j in jobs
    ])  # fmt: skip
    console.check(step, "one restore job per tagged table", sorted(TABLES), sorted(by_source))
    console.check(
        step,
        "each job was created by the deployed restore testing plan",
        dict.fromkeys(TABLES, plan_arn),
        {t: j.get("CreatedBy", {}).get("RestoreTestingPlanArn") for t, j in by_source.items()},
    )
    console.check(
        step,
        "the validation function recorded SUCCESSFUL, and FAILED for the injected fault",
        {"restore-test-orders": "SUCCESSFUL", "restore-test-broken": "FAILED"},
        {t: j.get("ValidationStatus") for t, j in by_source.items()},
    )


def run_restore_testing_proof(console: Console, context: DeployContext) -> None:
    """One step: back up two tagged tables, run the plan's restore test, check the verdicts."""
    config = context.config
    central = config.central.region
    region = central if central in config.target_regions else config.target_regions[0]
    with console.step(
        "Restore testing: the plan restores, the deployed function validates"
    ) as step:
        if not config.enables("restore_testing"):
            console.note(step, "restore_testing: is not set in the configuration; nothing to show")
            return
        tag = _tier(context)
        workload = MemberSteps.first_workload(context)

        def client(service: str) -> Any:
            return context.accounts.client(workload, service, region)

        cloudformation = client("cloudformation")
        member = instance_stack(cloudformation, context.stack_set_name("MemberStackSet"))
        testing = instance_stack(cloudformation, context.stack_set_name("RestoreTestingStackSet"))
        outputs = {o["OutputKey"]: o["OutputValue"] for o in testing.get("Outputs", [])}
        plan_arn = outputs.get("RestoreTestingPlanArn", "")
        console.note(step, f"restore testing stack {testing['StackName']}")
        console.check(step, "the StackSet deployed a restore testing plan", True, bool(plan_arn))
        _back_up_tables(client, member, tag)
        console.note(step, f"tables tagged {tag[0]}={tag[1]}, backed up in {workload} {region}; "
                     f"restore-test-broken's recovery point claims {TABLES['restore-test-broken']} "
                     f"items but holds {ITEMS} (the injected fault)")  # fmt: skip
        job_ids = run_restore_testing(workload, region, PLAN_NAME)
        backup = client("backup")
        jobs = [backup.describe_restore_job(RestoreJobId=job_id) for job_id in job_ids]
        _check_jobs(console, step, jobs, plan_arn)
