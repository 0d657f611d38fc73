"""The job-monitoring proof: a backup job fails in a member account and Region (injected: the
emulator's ``fail_backup_job``), its event travels from the member's default bus through the
member's JobFailedRule and ForwardEventsRole to the home account's bus, whose rule publishes it
to the job topic; then the deployed JobSummary function counts the failure in its summary.

What the topic publishes is read from an SQS queue this step subscribes to the topic in the
home account (a test subscription; the stack's own optional one is e-mail).
"""

from __future__ import annotations

import json
from typing import Any

from rehearsal.emulator.backup.job_failures import fail_backup_job
from rehearsal.flow.console import Console
from rehearsal.flow.deploy_steps import DeployContext
from rehearsal.flow.member_steps import MemberSteps

__all__ = ["run_monitoring_proof"]

TABLE = "monitoring-proof"
QUEUE = "monitoring-proof-topic"
STATUS_MESSAGE = "Injected by the rehearsal: the backup role could not read the resource"


def run_monitoring_proof(console: Console, context: DeployContext) -> None:
    """One step: fail a job, see it reach the home bus and topic, and the summary count it."""
    with console.step("Monitoring: a failed backup job reaches the home account") as step:
        if context.config.monitoring is None:
            console.note(step, "monitoring: is not enabled in the configuration; nothing to show")
            return
        outputs = _stack_outputs(context)
        url = _subscribe_queue(context, outputs["JobTopicArn"])
        member = MemberSteps.first_workload(context)
        # The last target Region: a Region other than home's when there is one (cross-Region).
        region = context.config.target_regions[-1]
        job_id = _fail_job(context, member, region)
        notices = _receive(context, url)
        events = [json.loads(n["Message"]) for n in notices if n["Subject"] is None]
        mine = [e for e in events if e.get("detail", {}).get("backupJobId") == job_id]
        console.table(step, "the failed job, as the home topic published it", [
            {"account": member, "region": e["region"], "detail-type": e["detail-type"],
             "state": e["detail"]["state"], "message": e["detail"].get("statusMessage")}
            for e in mine
        ])  # fmt: skip
        console.check(step, f"the event reached {outputs['JobEventBusArn']}", 1, len(mine))
        console.check(step, "it kept the member's Region", [region], [e["region"] for e in mine])
        summary = _invoke_summary(context, outputs["JobSummaryFunctionName"])
        published = [n for n in _receive(context, url) if n["Subject"] is not None]
        line = f"  backup  {member}  {region}  FAILED  "
        counts = summary.get("Counts", {})
        console.table(step, "daily summary (JobSummary, invoked now)", [
            {"failed": summary.get("Failed"), "backup jobs": counts.get("backup")}
        ])  # fmt: skip
        console.check(step, "the summary was published", 1, len(published))
        console.check(
            step,
            f"it counts the failure of {member} in {region}",
            True,
            any(line in n["Message"] for n in published),
        )


def _stack_outputs(context: DeployContext) -> dict[str, str]:
    stack = context.home_client("cloudformation").describe_stacks(
        StackName=f"{context.config.name}-monitoring"
    )["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def _subscribe_queue(context: DeployContext, topic_arn: str) -> str:
    sqs = context.home_client("sqs")
    url = str(sqs.create_queue(QueueName=QUEUE)["QueueUrl"])
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    context.home_client("sns").subscribe(
        TopicArn=topic_arn, Protocol="sqs", Endpoint=arn["QueueArn"]
    )
    return url


def _fail_job(context: DeployContext, account: str, region: str) -> str:
    """A table in the member account and a FAILED backup job of it in the member vault."""
    dynamodb = context.accounts.client(account, "dynamodb", region)
    table = dynamodb.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )["TableDescription"]["TableArn"]
    backup = context.accounts.client(account, "backup", region)
    vault = backup.list_backup_vaults()["BackupVaultList"][0]["BackupVaultName"]
    job = fail_backup_job(
        account,
        region,
        backup_vault_name=vault,
        resource_arn=table,
        iam_role_arn=f"arn:aws:iam::{account}:role/backup-role-of-the-policy",
        status_message=STATUS_MESSAGE,
        message_category="ACCESS_DENIED",
    )
    return job.backup_job_id


def _receive(context: DeployContext, url: str) -> list[dict[str, Any]]:
    """What the topic delivered to the queue: ``Message`` and ``Subject`` (None when unset)."""
    sqs = context.home_client("sqs")
    found = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
        for message in messages:
            body = json.loads(message["Body"])
            found.append({"Message": body["Message"], "Subject": body.get("Subject")})
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return found


def _invoke_summary(context: DeployContext, function_name: str) -> dict[str, Any]:
    response = context.home_client("lambda").invoke(FunctionName=function_name, Payload=b"{}")
    payload: dict[str, Any] = json.loads(response["Payload"].read() or b"{}")
    if "FunctionError" in response:
        raise RuntimeError(f"{function_name} failed: {payload}")
    return payload
