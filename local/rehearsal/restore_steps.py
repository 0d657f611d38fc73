"""The rehearsal's backup-and-restore steps: tagged sources, backups, restores, and the restore
events carried through EventBridge and SQS to the packaged TagOnRestore handler.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from local.rehearsal import restores
from local.rehearsal.organization import session_for
from local.rehearsal.scenario import REGION, ROOT_DIR, expected_restored_tags

if TYPE_CHECKING:
    from local.rehearsal.run import Rehearsal

EVENT_PATTERN = ROOT_DIR / "functions" / "tag_on_restore" / "event_pattern.json"


def backup_and_restore(rehearsal: Rehearsal) -> None:
    """Back up tagged resources in the workload account, restore them, and run TagOnRestore
    (from its zip) on the restore events the member stack's rule delivers."""
    account = rehearsal.scenario.workload_account
    workload = restores.Workload(
        session_for(rehearsal.credentials[account], REGION),
        rehearsal.endpoint,
        rehearsal.organization.account_ids[account],
    )
    backup = workload.client("backup")
    role_arn = rehearsal.deployed.member_role_arns[account]
    with rehearsal.console.step(f"Back up tagged resources in {account}") as step:
        sources = {
            case.name: restores.create_source(workload, case)
            for case in rehearsal.scenario.restores
        }
        points = {}
        for case in rehearsal.scenario.restores:
            job = backup.start_backup_job(
                BackupVaultName=rehearsal.names.member_vault,
                ResourceArn=sources[case.name],
                IamRoleArn=role_arn,
                RecoveryPointTags=rehearsal.scenario.recovery_point_tags,
            )
            points[case.name] = job["RecoveryPointArn"]
        described = [
            backup.describe_recovery_point(
                BackupVaultName=rehearsal.names.member_vault, RecoveryPointArn=arn
            )
            for arn in points.values()
        ]
        rehearsal.console.table(
            step,
            "recovery points",
            [
                {
                    "resource": d["ResourceName"],
                    "type": d["ResourceType"],
                    "status": d["Status"],
                }
                for d in described
            ],
        )
        rehearsal.console.check(
            step,
            "every backup completed",
            ["COMPLETED"] * len(points),
            [d["Status"] for d in described],
        )
    with rehearsal.console.step("Restore them; restore events reach TagOnRestore") as step:
        pattern = json.loads(EVENT_PATTERN.read_text())
        queue_url = restores.route_restore_events(workload, pattern)
        for case in rehearsal.scenario.restores:
            if case.delete_source_before_restore:
                restores.delete_source(workload, case, sources[case.name])
                rehearsal.console.note(
                    step, f"deleted the source of {case.name} first (disaster recovery)"
                )
        jobs = {}
        for case in rehearsal.scenario.restores:
            started = backup.start_restore_job(
                RecoveryPointArn=points[case.name],
                Metadata=restores.restore_metadata(case, workload.account_id),
                IamRoleArn=role_arn,
                ResourceType=case.resource_type,
            )
            jobs[case.name] = backup.describe_restore_job(RestoreJobId=started["RestoreJobId"])
        events = restores.receive_events(workload, queue_url, len(jobs))
        rehearsal.console.check(
            step,
            "one COMPLETED restore event per restore, through the rule",
            len(jobs),
            len(events),
        )
        tag_on_restore = rehearsal.lambda_for("tag_on_restore", account)
        for event in events:
            tag_on_restore(event)
        if events:
            tag_on_restore(events[0])  # EventBridge may deliver twice: nothing may change
        rehearsal.console.note(
            step, f"TagOnRestore ran {len(tag_on_restore.invocations)} times from its zip"
        )
        rows = []
        for case in rehearsal.scenario.restores:
            job = jobs[case.name]
            actual = restores.read_tags(workload, case.resource_type, job["CreatedResourceArn"])
            expected = expected_restored_tags(rehearsal.scenario, case, job)
            rehearsal.console.check(
                step, f"restored {case.name} carries the expected tags", expected, actual
            )
            rows.append(
                {
                    "restored": job["CreatedResourceArn"].rsplit(":", 1)[-1],
                    "tags": sorted(actual),
                }
            )
        rehearsal.console.table(step, "restored resources", rows)
