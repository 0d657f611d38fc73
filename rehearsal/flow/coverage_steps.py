"""The coverage proof: resources made in a member account, then ``backup-policy coverage
--from-aws`` over the emulated organization lists the protected one with its plan and rule and
the unprotected ones with their reasons, and rolls them up per account.

The step reads the deployed effective policy (``DescribeEffectivePolicy``) and the member
Region's settings (``DescribeRegionSettings``) to choose resources whose verdict is known in
advance: a DynamoDB table with the tag a complete plan selects, one never tagged, and an S3
bucket with the same tag (protected only when S3 is opted in there).
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

from orgbackup.cli import main as backup_policy
from orgbackup.coverage import account_policy
from rehearsal.flow.console import Console
from rehearsal.flow.deploy_steps import DeployContext
from rehearsal.flow.member_steps import MemberSteps

__all__ = ["CoverageProofError", "run_coverage_proof"]

TABLES = ("coverage-selected", "coverage-untagged")


class CoverageProofError(Exception):
    """Raised when the proof cannot run: no plan to test against, or the command failed."""


def run_coverage_proof(console: Console, context: DeployContext) -> None:
    """One step: make the resources, run the report, check its verdicts, show the roll-up."""
    with console.step(
        "Coverage: which resources the effective policies protect, and why not"
    ) as step:
        workload = MemberSteps.first_workload(context)
        plan, region, tag = _selected_plan(context, workload)
        bucket = f"coverage-{workload}-{region}"
        _make_resources(context, workload, region, tag, bucket)
        opted_in = _opt_in(context, workload, region).get("S3", True)
        rule = f"tag:{tag[0]}={tag[1]} => protected"
        code, report = _coverage(context, region, rule)
        mine = {r["arn"].rsplit("/", 1)[-1].rsplit(":", 1)[-1]: r for r in report["resources"]}
        console.table(step, "resources made in the member account", [
            {"resource": name, "type": mine[name]["type"], "tags": _tags(mine[name]),
             "verdict": _verdict(mine[name])}
            for name in (*TABLES, bucket)
        ])  # fmt: skip
        console.table(step, "per account", [
            {"account": a["account_id"], "name": a["name"], "resources": a["resources"],
             "protected": a["protected"], "unprotected": a["unprotected"],
             "reasons": [f"{k} {n}" for k, n in a["unprotected_by_reason"].items()]}
            for a in report["accounts"]
        ])  # fmt: skip
        console.check(step, f"{TABLES[0]} protected by {plan}", [plan], _plans(mine[TABLES[0]]))
        console.check(
            step, f"{TABLES[1]} unprotected", "no-selection-matched", mine[TABLES[1]]["reason"]
        )
        expected = None if opted_in else "opted-out"
        console.check(step, f"bucket: S3 opted in = {opted_in}", expected, mine[bucket]["reason"])
        failures = report["requirements_failed"]
        failed = [n for n, r in mine.items() if any(f" {r['arn']}: " in f for f in failures)]
        console.check(
            step,
            f"--require '{rule}': the bucket {'meets' if opted_in else 'breaks'} it",
            [] if opted_in else [bucket],
            [name for name in failed if name in (*TABLES, bucket)],
        )
        console.check(
            step, "exit code 1 exactly when a requirement fails", int(bool(failures)), code
        )


def _selected_plan(context: DeployContext, account: str) -> tuple[str, str, tuple[str, str]]:
    """A complete plan with a tag selection, a target Region it runs in, and its tag."""
    organizations = context.accounts.client(
        context.config.management_account, "organizations", "us-east-1"
    )
    content = organizations.describe_effective_policy(PolicyType="BACKUP_POLICY", TargetId=account)[
        "EffectivePolicy"
    ]["PolicyContent"]
    policy = account_policy(json.loads(content))
    if policy is None:
        raise CoverageProofError(f"no backup policy applies to {account}")
    plans: dict[str, Any] = dict(policy.document.get("plans", {}))  # type: ignore[call-overload]
    for name, plan in plans.items():
        regions = [r for r in context.config.target_regions if r in plan.get("regions", [])]
        selections = plan.get("selections", {}).get("tags", {})
        if policy.missing.get(name) or not regions or not selections:
            continue
        selection = next(iter(selections.values()))
        return name, regions[0], (selection["tag_key"], selection["tag_value"][0])
    raise CoverageProofError(f"no complete tag-selected plan runs in a target Region of {account}")


def _make_resources(
    context: DeployContext, account: str, region: str, tag: tuple[str, str], bucket: str
) -> None:
    dynamodb = context.accounts.client(account, "dynamodb", region)
    for name in TABLES:
        table = dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )["TableDescription"]
        if name == TABLES[0]:
            dynamodb.tag_resource(
                ResourceArn=table["TableArn"], Tags=[{"Key": tag[0], "Value": tag[1]}]
            )
    s3 = context.accounts.client(account, "s3", region)
    location = {} if region == "us-east-1" else {"LocationConstraint": region}
    s3.create_bucket(Bucket=bucket, **({"CreateBucketConfiguration": location} if location else {}))
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": tag[0], "Value": tag[1]}]})


def _opt_in(context: DeployContext, account: str, region: str) -> dict[str, bool]:
    backup = context.accounts.client(account, "backup", region)
    return dict(backup.describe_region_settings()["ResourceTypeOptInPreference"])


def _coverage(context: DeployContext, region: str, rule: str) -> tuple[int, dict[str, Any]]:
    """``backup-policy coverage --from-aws`` in-process over every account, in ``region``."""
    output, errors = io.StringIO(), io.StringIO()
    arguments = ["coverage", "--from-aws", "--regions", region, "--format", "json"]
    arguments += ["--endpoint-url", context.accounts.endpoint, "--require", rule]
    arguments += ["--role-name", context.accounts.role_name]
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(errors):
        try:
            code = backup_policy(arguments)
        except SystemExit:
            raise CoverageProofError(
                f"coverage could not run: {errors.getvalue().strip()}"
            ) from None
    return code, json.loads(output.getvalue())


def _tags(result: dict[str, Any]) -> list[str]:
    return [f"{key}={value}" for key, value in result["tags"].items()]


def _plans(result: dict[str, Any]) -> list[str]:
    return [p["plan"] for p in result["protected_by"]]


def _verdict(result: dict[str, Any]) -> str:
    if result["protected"]:
        rules = [f"{p['plan']}/{r['name']}" for p in result["protected_by"] for r in p["rules"]]
        return "protected by " + ", ".join(rules)
    return f"unprotected: {result['reason']}"
