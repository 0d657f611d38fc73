"""The rehearsal's coverage proof on its own, against the emulator server: the example
organization and policies stand in for the deployed ones, and the step's checks must hold."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import boto3

from orgbackup.deploy.config import DeploymentConfig
from rehearsal.flow.accounts import Accounts
from rehearsal.flow.console import Console
from rehearsal.flow.coverage_steps import run_coverage_proof
from rehearsal.flow.deploy_steps import DeployContext
from tests.cli.emulated_org import deploy_examples


def test_the_proof_finds_protected_and_unprotected_resources(emulator_endpoint: str) -> None:
    ids = deploy_examples(boto3.client("organizations"))
    management = boto3.client("sts").get_caller_identity()["Account"]
    config = SimpleNamespace(
        management_account=management,
        target_regions=("us-east-1",),
        target_ous=(ids["Root/Workloads/Prod"],),
    )
    context = DeployContext(
        config=cast(DeploymentConfig, config),
        config_path=Path("config.yaml"),
        root=Path(),
        dist=Path(),
        work=Path(),
        accounts=Accounts(emulator_endpoint, management, "OrganizationAccountAccessRole"),
    )
    printed = io.StringIO()
    console = Console(1, printed)

    run_coverage_proof(console, context)

    (step,) = console.record.steps
    assert step.error is None, printed.getvalue()
    assert [(c.what, c.ok) for c in step.checks] == [
        ("coverage-selected protected by Daily-35", True),
        ("coverage-untagged unprotected", True),
        ("bucket: S3 opted in = False", True),
        (
            "--require 'tag:backup=daily => protected': the bucket breaks it",
            True,
        ),
        ("exit code 1 exactly when a requirement fails", True),
    ]
    rollup = dict(step.tables)["per account"]
    workload = ids["Root/Workloads/Prod/payments-prod"]
    assert {row["account"]: row["unprotected"] for row in rollup}[workload] == 2
    assert "unprotected: opted-out" in printed.getvalue()
