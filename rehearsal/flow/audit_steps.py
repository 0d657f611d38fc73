"""Audit reports at work: the report plans the pipeline deployed in the home account write a
backup job report that lists the organization's backup jobs into the encrypted report bucket,
and every member account and Region holds the audit framework.

The emulator produces the report file as AWS Backup Audit Manager would deliver it, through
the bucket and key policies; it does not evaluate controls (no AWS Config), so this step shows
job reports and frameworks, never compliance results.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rehearsal.flow.console import Console
from rehearsal.flow.deploy_steps import DeployContext
from rehearsal.flow.members import stack_set_instances
from rehearsal.flow.record import Step

__all__ = ["run_audit_proof"]

_FRAMEWORK_STACK_SET = "AuditFrameworkStackSet"


def _outputs(context: DeployContext) -> dict[str, str]:
    stack = context.home_client("cloudformation").describe_stacks(
        StackName=f"{context.config.name}-audit"
    )["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def _organization_backup_jobs(context: DeployContext, accounts: set[str]) -> set[str]:
    """Every completed backup job in the member accounts and target Regions, read there."""
    found = set()
    for account in sorted(accounts):
        for region in context.config.target_regions:
            backup = context.accounts.client(account, "backup", region)
            for page in backup.get_paginator("list_backup_jobs").paginate():
                found |= {job["BackupJobId"] for job in page["BackupJobs"]}
    return found


def _report(console: Console, step: Step, context: DeployContext, accounts: set[str]) -> None:
    outputs = _outputs(context)
    backup, s3 = context.home_client("backup"), context.home_client("s3")
    plan = outputs["BackupJobReportPlanName"]
    job_id = backup.start_report_job(ReportPlanName=plan)["ReportJobId"]
    job = backup.describe_report_job(ReportJobId=job_id)["ReportJob"]
    console.check(step, f"report job of {plan} completed", "COMPLETED", job["Status"])
    keys = job.get("ReportDestination", {}).get("S3Keys", [])
    bucket = outputs["ReportBucketName"]
    console.check(step, "one report file delivered", 1, len(keys))
    if not keys:
        return
    head = s3.head_object(Bucket=bucket, Key=keys[0])
    console.check(
        step,
        "the report is encrypted with the report key",
        ("aws:kms", outputs["ReportKeyArn"]),
        (head.get("ServerSideEncryption"), head.get("SSEKMSKeyId")),
    )
    body = s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read().decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    expected = _organization_backup_jobs(context, accounts)
    console.check(step, "the organization made backup jobs to report", True, bool(expected))
    console.check(
        step,
        "the report lists every backup job of the target accounts and Regions",
        sorted(expected),
        sorted(row["Backup Job ID"] for row in rows),
    )
    console.table(step, f"s3://{bucket}/{keys[0]}", [_row(r) for r in rows])


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: row[k] for k in ("Account ID", "Region", "Backup Job ID", "Job Status", "Resource Type")
    }


def run_audit_proof(console: Console, context: DeployContext) -> None:
    """One step: the framework in every member instance, then a backup job report."""
    with console.step("Audit: frameworks in every member, a backup job report") as step:
        if not context.config.enables("audit"):
            console.note(step, "audit: is not enabled in the configuration; nothing to show")
            return
        cloudformation = context.home_client("cloudformation")
        stack_set = context.stack_set_name(_FRAMEWORK_STACK_SET)
        instances = stack_set_instances(cloudformation, stack_set)
        frameworks = []
        for instance in instances:
            account, region = instance["Account"], instance["Region"]
            listed = context.accounts.client(account, "backup", region).list_frameworks()
            names = [f["FrameworkName"] for f in listed["Frameworks"]]
            frameworks.append({"account": account, "Region": region, "frameworks": names})
        console.check(
            step,
            f"every {stack_set} instance holds one framework",
            [1] * len(instances),
            [len(row["frameworks"]) for row in frameworks],
        )
        console.table(step, "audit frameworks", frameworks)
        _report(console, step, context, {str(i["Account"]) for i in instances})
