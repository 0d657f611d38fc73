"""The local rehearsal: a deployment configuration's three paths, taken for real in the emulator.

Bootstrap (create-stack), the pipeline's Deploy stage (publish buildspec, then its CloudFormation
actions) and StackSet auto-deployment, then disaster recovery from the central vault
(``copy_restore``). Each step prints what it did and checks what it expected; ``run`` returns 0
only when every check held, and writes ``rehearsal.json`` and ``rehearsal.md``.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import boto3
import yaml

from orgbackup.deploy.config import load_config
from rehearsal.emulator.server import reset, running_emulator
from rehearsal.flow import copy_restore
from rehearsal.flow.accounts import Accounts, emulator_environment
from rehearsal.flow.console import Console, StepError
from rehearsal.flow.deploy_steps import (
    DeployContext,
    run_bootstrap,
    run_deploy_actions,
    run_publish,
)
from rehearsal.flow.emulated_org import EmulatedOrganization, emulate_organization
from rehearsal.flow.member_steps import MemberSteps
from rehearsal.flow.proofs import PROOFS
from rehearsal.flow.report import write_reports

__all__ = ["STEPS", "Options", "run"]

STEPS = 7


@dataclass(frozen=True, slots=True)
class Options:
    """What to rehearse: the configuration, the repository it deploys, its packages, outputs."""

    config: Path
    root: Path
    dist: Path
    out: Path


def _emulate(console: Console, options: Options, endpoint: str) -> DeployContext:
    with console.step(f"Emulate the organization of {options.config}") as step:
        data = yaml.safe_load(options.config.read_text(encoding="utf-8"))
        emulated: EmulatedOrganization = emulate_organization(
            data, lambda service, r: boto3.client(service, region_name=r)
        )
        work = options.out / "rehearsal"
        work.mkdir(parents=True, exist_ok=True)
        path = work / "config.yaml"
        path.write_text(yaml.safe_dump(emulated.config, sort_keys=False), encoding="utf-8")
        config = load_config(path, options.root)
        accounts = Accounts(endpoint, config.management_account, config.cross_account_role)
        rows = [{"configured": k, "emulated": v} for k, v in emulated.ids.items()]
        console.table(step, "ids (the configuration is rewritten to them)", rows)
        console.note(step, f"rewritten configuration: {path}")
        organization, central = data["organization"], data["central"]
        named = {organization["id"], organization["management_account"], central["account"],
                 central["ou"], data["home"]["account"], *organization["target_ous"]}  # fmt: skip
        console.check(step, "every id the configuration names is emulated",
                      sorted(named), sorted(emulated.ids))  # fmt: skip
        console.check(step, "the rewritten configuration names only emulated ids",
                      [], sorted(i for i in named - set(emulated.ids.values())
                                 if i in path.read_text()))  # fmt: skip
    return DeployContext(config, path, options.root, options.dist, work, accounts)


def _deploy(console: Console, context: DeployContext) -> None:
    with console.step("Bootstrap: every bootstrap stack created (--execute)") as step:
        code, output, rows = run_bootstrap(context)
        console.table(step, "bootstrap stacks", rows)
        console.check(step, "bootstrap exit code", 0, code)
        console.check(step, "nothing only printed", False, "would create" in output)
        statuses = {r["status"] for r in rows}
        console.check(step, "every bootstrap stack", {"CREATE_COMPLETE"}, statuses)
        if code != 0:
            raise RuntimeError(output.strip().splitlines()[-1])
    with console.step(
        "Pipeline Deploy stage: Publish (buildspecs/deploy.yml, local CodeBuild)"
    ) as step:
        log = io.StringIO()
        succeeded, project = run_publish(context, log)
        console.note(step, f"project {project}, with its service role's credentials")
        console.lines([line for line in log.getvalue().splitlines() if "Phase" in line], step)
        console.check(step, "build succeeded", True, succeeded)
        written = sorted(p.name for p in (context.root / "out" / "deploy").glob("*.json"))
        console.check(step, "template configurations written",
                      True, {"stacksets.json", "org-policies.json"} <= set(written))  # fmt: skip
        if not succeeded:
            raise RuntimeError(log.getvalue().strip().splitlines()[-1])
    with console.step(
        "Pipeline Deploy stage: CloudFormation actions of the deployed pipeline"
    ) as step:
        rows = run_deploy_actions(context)
        console.table(step, "stacks per template", rows)
        console.check(
            step, "every action's stack", {"CREATE_COMPLETE"}, {r["status"] for r in rows}
        )


def _copy_restore(console: Console, context: DeployContext) -> None:
    config = context.config
    # The workload Region: the central one when members live there, else the first target
    # Region, whose copies then cross Regions into the central vault.
    central = config.central.region
    region = central if central in config.target_regions else config.target_regions[0]
    workload = MemberSteps.first_workload(context)
    accounts = context.accounts
    target = copy_restore.CopyRestoreTarget(
        endpoint=accounts.endpoint,
        region=region,
        central_region=central,
        workload_account_id=workload,
        workload_credentials=accounts.credentials(workload),
        central_account_id=config.central.account,
        central_credentials=accounts.credentials(config.central.account),
        member_stack_set=context.stack_set_name("MemberStackSet"),
        central_stack_set=context.stack_set_name("CentralBackupStackSet"),
    )
    copy_restore.run_copy_restore(target, console)


def _rehearse(console: Console, options: Options, endpoint: str) -> None:
    console.lines([f"emulator on {endpoint}"])
    context = _emulate(console, options, endpoint)
    _deploy(console, context)
    members = MemberSteps(console, context)
    members.every_instance()
    members.auto_deployment()
    members.account_leaves()
    _copy_restore(console, context)
    for proof in PROOFS:
        proof.run(console, context)


def run(options: Options, stream: TextIO = sys.stdout) -> int:
    """Run every step; write the reports to ``options.out``; 0 if every check held, else 1.

    A step that raises stops the run (later steps build on it); a check that disagrees is
    reported and the run goes on, so one report shows every mismatch.
    """
    console = Console(STEPS + copy_restore.STEPS + sum(p.steps for p in PROOFS), stream)
    with running_emulator() as endpoint:
        data = yaml.safe_load(options.config.read_text(encoding="utf-8"))
        with emulator_environment(endpoint, str(data["home"]["region"])):
            reset(endpoint)  # moto's state is per process: start from an empty emulator
            try:
                _rehearse(console, options, endpoint)
            except StepError:
                console.lines(["stopped: the steps after a failed step depend on it"])
    console.summary()
    json_path, markdown_path = write_reports(console.record, options.out)
    console.lines([f"reports: {json_path}, {markdown_path}"])
    return 0 if console.record.ok else 1
