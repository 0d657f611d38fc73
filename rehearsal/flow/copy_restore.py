"""The rehearsal's disaster recovery from the central vault, on the deployed stacks: back up,
copy into the central vault, lose the sources, copy back, restore, and let the deployed
EventBridge rule run the deployed TagOnRestore, which gives the restored resources their tags.

Entry point: ``run_copy_restore(target, console) -> bool`` runs ``STEPS`` console steps (so a
caller adds ``STEPS`` to its ``Console`` total) and returns whether every check held. It needs:

- the member StackSet's instance stack (``StackSet-org-backup-member-<uuid>``) in the workload
  account and Region, and the central one (``StackSet-org-backup-central-<uuid>``) in the
  central account and ``central_region`` (default: the same Region); everything else is read
  from them (``copy_restore_stacks``);
- cross-account backup enabled by the management account (``UpdateGlobalSettings``) in both
  Regions.

For example, with ``organization.credentials_for``::

    target = CopyRestoreTarget(
        endpoint, "us-east-1",
        workload_id, credentials_for(workload_id, endpoint, "rehearsal"),
        central_id, credentials_for(central_id, endpoint, "rehearsal"),
    )
    ok = run_copy_restore(target, console)  # console = Console(other_steps + STEPS)

A job AWS refuses (a copy denied by a vault access policy or key policy, a restore denied by a
key policy) fails its check with AWS's StatusMessage, and the step then raises
``CopyRestoreError`` (the console records it and raises ``StepError``): later steps need it.

Restoring from a cross-account copy: "copy the backup from its destination account to its
source account, and then start the restore"
(https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html).
No template gives the central account a role AWS Backup can assume for that copy, so the
rehearsal makes the one the AWS Backup console makes (``copy_restore_role``), and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rehearsal.flow.console import Console
from rehearsal.flow.copy_restore_cases import (
    AccountSession,
    SourceCase,
    default_cases,
    expected_tags,
)
from rehearsal.flow.copy_restore_role import COPY_BACK_ROLE, copy_back_role
from rehearsal.flow.copy_restore_stacks import (
    CENTRAL_STACK_SET,
    MEMBER_STACK_SET,
    CentralDeployment,
    MemberDeployment,
    find_central,
    find_member,
)
from rehearsal.flow.organization import session_for
from rehearsal.flow.record import Step

__all__ = [
    "STEPS",
    "CopyRestoreError",
    "CopyRestoreTarget",
    "run_copy_restore",
]

STEPS = 5


class CopyRestoreError(Exception):
    """Raised when a backup, copy or restore job did not complete: later steps need it."""


@dataclass(frozen=True, slots=True)
class CopyRestoreTarget:
    """Where to rehearse: the emulator, the Region, and the two accounts with the
    environment-style credentials of ``organization.credentials_for``."""

    endpoint: str
    region: str
    workload_account_id: str
    workload_credentials: dict[str, str]
    central_account_id: str
    central_credentials: dict[str, str]
    member_stack_set: str = MEMBER_STACK_SET
    central_stack_set: str = CENTRAL_STACK_SET
    cases: tuple[SourceCase, ...] = field(default_factory=lambda: default_cases("orders-eks"))
    recovery_point_tags: dict[str, str] = field(
        default_factory=lambda: {"backup-plan": "disaster-recovery-rehearsal"}
    )
    central_region: str | None = None  # the central stack's Region, when not ``region``


@dataclass
class _State:
    target: CopyRestoreTarget
    workload: AccountSession
    central: AccountSession
    member: MemberDeployment
    vault: CentralDeployment
    sources: dict[str, str] = field(default_factory=dict)  # case name -> source ARN
    points: dict[str, str] = field(default_factory=dict)  # member vault recovery points
    central_points: dict[str, str] = field(default_factory=dict)
    copied_back: dict[str, str] = field(default_factory=dict)


def _job_outcome(job: dict[str, Any], state_key: str) -> str:
    """COMPLETED, or the state with AWS's StatusMessage."""
    state = str(job[state_key])
    return state if state == "COMPLETED" else f"{state}: {job.get('StatusMessage', '')}"


def _require(console: Console, step: Step, what: str, outcomes: dict[str, str]) -> None:
    """Check every job COMPLETED; if not, stop the run with AWS's messages."""
    expected = dict.fromkeys(outcomes, "COMPLETED")
    if not console.check(step, what, expected, outcomes):
        failed = {k: v for k, v in outcomes.items() if v != "COMPLETED"}
        raise CopyRestoreError(f"{what}: {failed}")


def _find(
    console: Console, target: CopyRestoreTarget, workload: AccountSession, central: AccountSession
) -> _State:
    with console.step("Find the deployed member and central stacks") as step:
        member = find_member(workload.session, target.endpoint, target.member_stack_set)
        vault = find_central(central.session, target.endpoint, target.central_stack_set)
        rows = [
            (target.workload_account_id, member.stack_name, member.vault_name),
            (target.central_account_id, vault.stack_name, vault.vault_name),
        ]
        console.table(
            step,
            "deployed by the StackSets",
            [{"account": a, "stack": s, "vault": v} for a, s, v in rows],
        )
        targets = workload.client("events").list_targets_by_rule(Rule=member.restore_rule_name)
        console.check(
            step,
            "the restore-completed rule targets the deployed TagOnRestore",
            [member.tag_on_restore_arn],
            [t["Arn"] for t in targets["Targets"]],
        )
        return _State(target, workload, central, member, vault)


def _back_up(console: Console, state: _State) -> None:
    backup = state.workload.client("backup")
    with console.step(f"Back up tagged resources in {state.workload.account_id}") as step:
        outcomes = {}
        for case in state.target.cases:
            state.sources[case.name] = case.create(state.workload)
            started = backup.start_backup_job(
                BackupVaultName=state.member.vault_name,
                ResourceArn=state.sources[case.name],
                IamRoleArn=state.member.backup_role_arn,
                RecoveryPointTags=state.target.recovery_point_tags,
            )
            state.points[case.name] = started["RecoveryPointArn"]
            job = backup.describe_backup_job(BackupJobId=started["BackupJobId"])
            outcomes[case.name] = _job_outcome(job, "State")
        console.table(
            step,
            "recovery points in the member vault",
            [{"resource": n, "recovery point": p} for n, p in state.points.items()],
        )
        _require(console, step, "every backup job completed", outcomes)


@dataclass(frozen=True, slots=True)
class _Copies:
    """Copy every point of ``points`` from ``source``'s vault into ``destination``'s."""

    what: str
    source: AccountSession
    vault_name: str
    destination: AccountSession
    destination_vault: tuple[str, str]  # name, ARN
    role_arn: str


def _copy_all(
    console: Console, step: Step, copies: _Copies, points: dict[str, str]
) -> dict[str, str]:
    """Run the copies; check each COMPLETED and is in the destination vault; the copies' ARNs."""
    backup, outcomes, copied = copies.source.client("backup"), {}, {}
    for name, point in points.items():
        started = backup.start_copy_job(
            RecoveryPointArn=point,
            SourceBackupVaultName=copies.vault_name,
            DestinationBackupVaultArn=copies.destination_vault[1],
            IamRoleArn=copies.role_arn,
        )
        job = backup.describe_copy_job(CopyJobId=started["CopyJobId"])["CopyJob"]
        outcomes[name] = _job_outcome(job, "State")
        if job.get("DestinationRecoveryPointArn"):
            copied[name] = str(job["DestinationRecoveryPointArn"])
    rows = [{"resource": n, "outcome": o, "copy": copied.get(n, "-")} for n, o in outcomes.items()]
    console.table(step, "copy jobs", rows)
    _require(console, step, f"every {copies.what} completed", outcomes)
    listed = copies.destination.client("backup").get_paginator(
        "list_recovery_points_by_backup_vault"
    )
    in_vault = {
        point["RecoveryPointArn"]
        for page in listed.paginate(BackupVaultName=copies.destination_vault[0])
        for point in page["RecoveryPoints"]
    }
    console.check(
        step,
        f"the destination vault holds every {copies.what}",
        sorted(copied.values()),
        sorted(in_vault & set(copied.values())),
    )
    return copied


def _copy_to_central(console: Console, state: _State) -> None:
    with console.step("Copy each recovery point into the central vault") as step:
        copies = _Copies(
            "copy into the central vault",
            state.workload,
            state.member.vault_name,
            state.central,
            (state.vault.vault_name, state.vault.vault_arn),
            state.member.backup_role_arn,
        )
        state.central_points = _copy_all(console, step, copies, state.points)


def _lose_and_copy_back(console: Console, state: _State) -> None:
    with console.step("Lose the sources; copy the central copies back") as step:
        for case in state.target.cases:
            if case.disaster:
                case.delete(state.workload, state.sources[case.name])
                console.note(step, f"deleted {case.name} ({case.resource_type}): the disaster")
        role_arn, made = copy_back_role(state.central.session, state.central.endpoint)
        if made:
            console.note(
                step,
                f"no template gives {state.central.account_id} a role AWS Backup can assume "
                f"to copy back: made {COPY_BACK_ROLE}, as the AWS Backup console does",
            )
        copies = _Copies(
            "copy back into the member vault",
            state.central,
            state.vault.vault_name,
            state.workload,
            (state.member.vault_name, state.member.vault_arn),
            role_arn,
        )
        state.copied_back = _copy_all(console, step, copies, state.central_points)


def _restore(console: Console, state: _State) -> None:
    backup = state.workload.client("backup")
    title = "Restore the copies; the deployed rule runs the deployed TagOnRestore"
    with console.step(title) as step:
        jobs, outcomes = {}, {}
        for case in state.target.cases:
            started = backup.start_restore_job(
                RecoveryPointArn=state.copied_back[case.name],
                Metadata=case.restore_metadata(state.workload),
                IamRoleArn=state.member.backup_role_arn,
                ResourceType=case.resource_type,
            )
            jobs[case.name] = backup.describe_restore_job(RestoreJobId=started["RestoreJobId"])
            outcomes[case.name] = _job_outcome(jobs[case.name], "Status")
        _require(console, step, "every restore job completed", outcomes)
        rows = []
        for case in state.target.cases:
            job = jobs[case.name]
            actual = case.read_tags(state.workload, job["CreatedResourceArn"])
            wanted = expected_tags(
                case, state.target.recovery_point_tags, job, state.member.provenance_prefix
            )
            console.check(
                step,
                f"restored {case.name} carries its source's and provenance tags",
                wanted,
                actual,
            )
            rows.append({"restored": job["CreatedResourceArn"], "tags": sorted(actual)})
        console.table(step, "restored resources", rows)


def run_copy_restore(target: CopyRestoreTarget, console: Console) -> bool:
    """Run the ``STEPS`` steps on ``console``; whether every check held.

    Raises
    ------
    rehearsal.flow.console.StepError
        When a step could not go on (a stack not found, a job AWS refused); the step's error
        and its failed check carry AWS's message.
    """
    workload, central = (
        AccountSession(session_for(credentials, region), target.endpoint, account, region)
        for account, credentials, region in (
            (target.workload_account_id, target.workload_credentials, target.region),
            (
                target.central_account_id,
                target.central_credentials,
                target.central_region or target.region,
            ),
        )
    )
    first = len(console.record.steps)
    state = _find(console, target, workload, central)
    _back_up(console, state)
    _copy_to_central(console, state)
    _lose_and_copy_back(console, state)
    _restore(console, state)
    return all(step.ok for step in console.record.steps[first:])
