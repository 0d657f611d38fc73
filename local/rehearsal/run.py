"""The local rehearsal, step by step: the packaged Lambdas against the emulator on 127.0.0.1.

Each step prints what it did and checks what it expected; ``run`` returns 0 only when every
check holds, and writes ``rehearsal.json`` and ``rehearsal.md`` to the output folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import boto3

from local.cfn import CfnDriver, DriverConfig
from local.deploy.stacks import STACKS
from local.emulator.server import reset, running_emulator
from local.lambda_runtime import ZipLambda
from local.rehearsal import policy_lifecycle
from local.rehearsal.console import Console, StepError
from local.rehearsal.coverage import read_coverage, tree_lines
from local.rehearsal.deployment import deploy
from local.rehearsal.organization import (
    SampleOrganization,
    build,
    credentials_for,
)
from local.rehearsal.report import write_reports
from local.rehearsal.restore_steps import backup_and_restore
from local.rehearsal.scenario import (
    REGION,
    Names,
    PolicyStage,
    Scenario,
    function_environment,
)

STEPS = 13


@contextmanager
def _environment(endpoint: str) -> Iterator[None]:
    """Point every boto3 client at the emulator, with the management account's credentials."""
    saved = dict(os.environ)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="rehearsal",
        AWS_SECRET_ACCESS_KEY="rehearsal",
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
    )
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _zips(dist: Path) -> dict[str, Path]:
    manifest = json.loads((dist / "manifest.json").read_text())
    return {function: dist / entry["path"] for function, entry in manifest.items()}


class Rehearsal:
    """State shared by the steps of one run."""

    def __init__(self, scenario: Scenario, dist: Path, console: Console) -> None:
        self.scenario, self.dist, self.console = scenario, dist, console
        self.names = Names.from_templates()
        self.org = boto3.client("organizations")
        self.endpoint = os.environ["AWS_ENDPOINT_URL"]
        self.organization: SampleOrganization
        self.credentials: dict[str, dict[str, str]] = {}

    def lambda_for(self, function: str, account: str, **environment: str) -> ZipLambda:
        return ZipLambda(
            _zips(self.dist)[function],
            f"{function}.app.handler",
            self.credentials[account],
            environment={**function_environment(function), **environment},
            region=REGION,
            function_name=function.replace("_", "-"),
        )

    def check_packages(self) -> None:
        with self.console.step("Check the Lambda packages in dist/") as step:
            manifest = json.loads((self.dist / "manifest.json").read_text())
            rows = []
            for function, entry in sorted(manifest.items()):
                data = (self.dist / entry["path"]).read_bytes()
                rows.append({"function": function, "bytes": len(data), "files": entry["files"]})
                self.console.check(
                    step,
                    f"{entry['path']} matches its sha256",
                    entry["sha256"],
                    hashlib.sha256(data).hexdigest(),
                )
            self.console.table(step, "packages", rows)

    def build_organization(self) -> None:
        with self.console.step("Build the sample organization") as step:
            self.organization = build(self.org)
            for name, account_id in self.organization.account_ids.items():
                self.credentials[name] = credentials_for(account_id, self.endpoint, "rehearsal")
            self.console.table(
                step,
                "accounts",
                [
                    {"account": name, "id": self.organization.account_ids[name], "OU": path}
                    for name, path in self.organization.account_paths.items()
                ],
            )

    def deploy_baselines(self) -> None:
        with self.console.step("Deploy vaults, roles and the policy document") as step:
            self.deployed = deploy(
                self.organization, self.credentials, self.endpoint, self.names, self.scenario
            )
            self.console.note(
                step,
                f"member vault '{self.names.member_vault}' and role '{self.names.member_role}' "
                f"in {len(self.deployed.member_role_arns)} accounts (the member StackSet's part)",
            )
            self.console.note(step, f"central vault {self.deployed.central_vault_arn}")
            for key in self.deployed.policy_keys.values():
                self.console.note(step, f"policy s3://{self.deployed.policy_bucket}/{key}")

    def _properties(self, stage: PolicyStage) -> dict[str, Any]:
        context = (self.organization, self.deployed, self.names)
        scenario = self.scenario
        return policy_lifecycle.properties(
            scenario.policy_name, scenario.policy_file, stage.targets, stage.regions, context
        )

    def _tier_properties(self) -> dict[str, Any]:
        context = (self.organization, self.deployed, self.names)
        scenario = self.scenario
        return policy_lifecycle.properties(
            scenario.tier_policy_name,
            scenario.tier_policy_file,
            (scenario.tier_target,),
            scenario.update.regions,
            context,
        )

    def _expect_attached(self, step: Any, expected: dict[str, list[str]]) -> None:
        actual = policy_lifecycle.attachments(self.org, self.organization)
        self.console.check(step, "policies attached exactly where expected", expected, actual)

    def _attached_at(self, stage: PolicyStage, with_tiers: bool = False) -> dict[str, list[str]]:
        expected = {path: [self.scenario.policy_name] for path in stage.targets}
        if with_tiers:
            expected.setdefault(self.scenario.tier_target, []).append(
                self.scenario.tier_policy_name
            )
        return expected

    def _plans_at(self, stage: PolicyStage | None, with_tiers: bool) -> dict[str, tuple[str, ...]]:
        expected: dict[str, tuple[str, ...]] = {}
        for account in self.organization.account_ids:
            plans = [self.scenario.plan_name] if stage and account in stage.covered_accounts else []
            if with_tiers and account in self.scenario.tier_accounts:
                plans += self.scenario.tier_plans
            expected[account] = tuple(sorted(plans))
        return expected

    def coverage(self, title: str, stage: PolicyStage | None, with_tiers: bool = False) -> None:
        with self.console.step(title) as step:
            coverage = read_coverage(self.org, self.organization)
            attached = policy_lifecycle.attachments(self.org, self.organization)
            self.console.lines(tree_lines(self.organization, coverage, attached), step)
            actual = {a.account: a.complete for a in coverage}
            expected = self._plans_at(stage, with_tiers)
            self.console.check(step, "complete backup plans of every account", expected, actual)
            if stage:
                regions = {a.regions for a in coverage if a.complete}
                self.console.check(step, "plan regions", {tuple(sorted(stage.regions))}, regions)

    def policy_create(self, driver: CfnDriver) -> None:
        with self.console.step("Create Custom::BackupOrgPolicy (packaged handler)") as step:
            outcome = driver.create(self._properties(self.scenario.create))
            self.console.table(
                step, "CloudFormation exchanges", policy_lifecycle.exchanges_table(outcome)
            )
            self.console.check(step, "Create answered SUCCESS", True, outcome.succeeded)
            self._expect_attached(step, self._attached_at(self.scenario.create))
        self.coverage("Effective backup plans after Create", self.scenario.create)

    def policy_update(self, driver: CfnDriver) -> None:
        with self.console.step("Update: new regions, new targets") as step:
            before = driver.physical_resource_id
            outcome = driver.update(self._properties(self.scenario.update))
            self.console.table(
                step, "CloudFormation exchanges", policy_lifecycle.exchanges_table(outcome)
            )
            self.console.check(step, "Update answered SUCCESS", True, outcome.succeeded)
            self.console.check(
                step, "updated in place (same policy id)", before, outcome.physical_resource_id
            )
            self._expect_attached(step, self._attached_at(self.scenario.update))
        self.coverage("Effective backup plans after Update", self.scenario.update)

    def tier_create(self, driver: CfnDriver) -> None:
        title = f"Create a second policy on {self.scenario.tier_target} (data-classification tiers)"
        with self.console.step(title) as step:
            outcome = driver.create(self._tier_properties())
            self.console.table(
                step, "CloudFormation exchanges", policy_lifecycle.exchanges_table(outcome)
            )
            self.console.check(step, "Create answered SUCCESS", True, outcome.succeeded)
            self._expect_attached(step, self._attached_at(self.scenario.update, with_tiers=True))
        self.coverage("Effective backup plans: both policies merge", self.scenario.update, True)

    def policy_delete(self, drivers: tuple[CfnDriver, ...]) -> None:
        with self.console.step("Delete both Custom::BackupOrgPolicy resources") as step:
            for driver in drivers:
                outcome = driver.delete()
                self.console.table(
                    step, "CloudFormation exchanges", policy_lifecycle.exchanges_table(outcome)
                )
                self.console.check(step, "Delete answered SUCCESS", True, outcome.succeeded)
            self.console.check(
                step, "no backup policy left", [], policy_lifecycle.policy_names(self.org)
            )
            self._expect_attached(step, {})


def _rehearse(console: Console, scenario: Scenario, dist: Path, endpoint: str) -> None:
    console.lines([f"emulator on {endpoint}"])
    rehearsal = Rehearsal(scenario, dist, console)
    rehearsal.check_packages()
    rehearsal.build_organization()
    rehearsal.deploy_baselines()
    # Named as a deployment named org-backup names them (local.deploy.stacks, org-policies.yaml).
    stack_name = f"org-backup-{next(s.suffix for s in STACKS if s.kind == 'org-policies')}"
    config = DriverConfig(
        logical_resource_id="DailyPolicy",
        stack_name=stack_name,
        function_name=f"{stack_name}-policy-manager",
        region=REGION,
        account_id=rehearsal.organization.account_ids["home"],
        timeout_s=120.0,
    )
    tier_config = dataclasses.replace(config, logical_resource_id="DataClassificationPolicy")
    manager = rehearsal.lambda_for("backup_org_policy_manager", "home")
    with CfnDriver(manager, config) as driver, CfnDriver(manager, tier_config) as tiers:
        rehearsal.policy_create(driver)
        rehearsal.policy_update(driver)
        rehearsal.tier_create(tiers)
        backup_and_restore(rehearsal)
        rehearsal.policy_delete((tiers, driver))
    rehearsal.coverage("Effective backup plans after Delete", None)


def run(scenario: Scenario, dist: Path, out: Path, stream: TextIO = sys.stdout) -> int:
    """Run every step; write the reports to ``out``; return 0 if every check held, else 1.

    A step that raises stops the run (later steps build on it); a check that disagrees is
    reported and the run goes on, so one report shows every mismatch.
    """
    console = Console(STEPS, stream)
    with running_emulator() as endpoint, _environment(endpoint):
        reset(endpoint)  # moto's state is per process: start from an empty emulator
        try:
            _rehearse(console, scenario, dist, endpoint)
        except StepError:
            console.lines(["stopped: the steps after a failed step depend on it"])
    console.summary()
    json_path, markdown_path = write_reports(console.record, out)
    console.lines([f"reports: {json_path}, {markdown_path}"])
    return 0 if console.record.ok else 1
