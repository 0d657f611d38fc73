"""``backup-policy coverage`` from an inventory file: the verdicts and roll-ups in each format,
``--require`` exit codes and failures, and bad input (exit 2 naming the field)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import CENTRAL_VAULT, EXAMPLES, Run

INVENTORY = EXAMPLES / "coverage-inventory.yaml"
ORG_ARGS = ("--org", EXAMPLES / "org.yaml", "--attachments", EXAMPLES / "attachments.yaml")
PAYMENTS = "arn:aws:dynamodb:us-east-1:333333333333:table/payments"


def _json(cli: Run, *extra: str | Path) -> dict[str, Any]:
    result = cli("coverage", "--inventory", INVENTORY, *ORG_ARGS, "--format", "json", *extra)
    assert result.code == 0, result.err
    found: dict[str, Any] = json.loads(result.out)
    return found


def test_every_resource_gets_its_verdict(cli: Run) -> None:
    report = _json(cli)
    verdicts = {
        (r["region"], r["arn"].rsplit(":", 1)[-1]): r["reason"] for r in report["resources"]
    }
    assert verdicts == {
        ("us-east-1", "table/payments"): None,
        ("us-east-1", "ledger"): None,
        ("us-east-1", "volume/vol-0a1b2c3d4e5f60718"): "no-selection-matched",
        ("us-east-1", "payments-statements-333333333333"): "opted-out",
        ("eu-west-1", "table/payments-replica"): None,
        ("ap-southeast-2", "table/payments-apac"): "region-not-in-plan",
        ("us-east-1", "table/payments-dev"): None,
        ("us-east-1", "file-system/fs-0123456789abcdef0"): "no-selection-matched",
    }
    assert report["summary"] == {"resources": 8, "protected": 4, "unprotected": 4}


def test_protection_names_plan_rule_schedule_retention_and_copy(cli: Run) -> None:
    report = _json(cli)
    payments = next(r for r in report["resources"] if r["arn"] == PAYMENTS)
    assert payments["protected_by"] == [
        {
            "plan": "Daily-35",
            "selection": "tags.daily",
            "rules": [
                {
                    "name": "Daily",
                    "schedule_expression": "cron(0 5 ? * * *)",
                    "frequency": "every day, at 05:00 UTC",
                    "runs_daily": True,
                    "vault_name": "AWSBackupSolutionVault",
                    "delete_after_days": 35,
                    "move_to_cold_storage_after_days": None,
                    "continuous": False,
                    "copy_actions": [
                        {
                            "vault_arn": CENTRAL_VAULT,
                            "delete_after_days": 35,
                            "move_to_cold_storage_after_days": None,
                        }
                    ],
                }
            ],
        }
    ]


def test_rollups_per_account_and_ou(cli: Run) -> None:
    report = _json(cli)
    prod = next(a for a in report["accounts"] if a["account_id"] == "333333333333")
    assert prod == {
        "account_id": "333333333333",
        "name": "payments-prod",
        "resources": 6,
        "protected": 3,
        "unprotected": 3,
        "unprotected_by_reason": {
            "no-selection-matched": 1,
            "opted-out": 1,
            "region-not-in-plan": 1,
        },
    }
    ous = {o["ou"]: (o["resources"], o["protected"]) for o in report["ous"]}
    assert ous == {
        "Root": (8, 4),
        "Root/Sandbox": (1, 0),
        "Root/Workloads": (7, 4),
        "Root/Workloads/Dev": (1, 1),
        "Root/Workloads/Prod": (6, 3),
    }


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "  payments-prod  6          3          3 "),
        ("markdown", "| 333333333333 | payments-prod | 6 | 3 | 3 | 0 | 1 | 1 | 1 | 0 |"),
    ],
)
def test_text_and_markdown_show_the_same_rollup(cli: Run, fmt: str, expected: str) -> None:
    result = cli("coverage", "--inventory", INVENTORY, *ORG_ARGS, "--format", fmt)
    assert result.code == 0, result.err
    assert expected in result.out
    assert "8 resource(s) in 3 account(s): 4 protected, 4 unprotected" in result.out


def test_a_met_requirement_exits_0(cli: Run) -> None:
    rule = "tag:data-classification=critical => daily,copy-to=central,retention>=35"
    result = cli(
        "coverage", "--inventory", INVENTORY, *ORG_ARGS,
        "--require", rule, "--central-vault", CENTRAL_VAULT,
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")


def test_a_requirement_that_selects_nothing_is_warned_about(cli: Run) -> None:
    # Tags compare case-sensitively, so a mistyped key selects nothing and passes vacuously.
    rule = "tag:Data-Classification=critical => daily"
    result = cli("coverage", "--inventory", INVENTORY, *ORG_ARGS, "--require", rule)
    assert result.code == 0
    assert result.err == f"warning: --require {rule!r} selects no resource\n"


def test_a_broken_requirement_exits_1_and_names_each_resource(cli: Run) -> None:
    result = cli(
        "coverage", "--inventory", INVENTORY, *ORG_ARGS, "--format", "json",
        "--require", "type:DynamoDB => protected",
        "--require", "tag:backup=daily => daily,retention>=90",
    )  # fmt: skip
    assert result.code == 1
    failed = json.loads(result.out)["requirements_failed"]
    assert failed == [
        "type:DynamoDB => protected: 333333333333 ap-southeast-2"
        " arn:aws:dynamodb:ap-southeast-2:333333333333:table/payments-apac:"
        " not protected (region-not-in-plan)",
        *(
            f"tag:backup=daily => daily,retention>=90: {where}"
            for where in (
                f"333333333333 us-east-1 {PAYMENTS}: no single rule is daily, retention>=90",
                "333333333333 us-east-1 arn:aws:s3:::payments-statements-333333333333:"
                " not protected (opted-out)",
                "333333333333 eu-west-1 arn:aws:dynamodb:eu-west-1:333333333333:table/"
                "payments-replica: no single rule is daily, retention>=90",
                "333333333333 ap-southeast-2 arn:aws:dynamodb:ap-southeast-2:333333333333:"
                "table/payments-apac: not protected (region-not-in-plan)",
                "444444444444 us-east-1 arn:aws:dynamodb:us-east-1:444444444444:table/"
                "payments-dev: no single rule is daily, retention>=90",
            )
        ),
    ]
    assert result.err == "6 requirement failure(s)\n"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("all protected", "expected SELECTOR => REQUIREMENT"),
        ("tag:x=y => weekly", "unknown requirement 'weekly'"),
        ("type:Dynamo => protected", "'Dynamo' is not an AWS Backup resource type"),
        ("owner:me => protected", "selector 'owner:me'"),
        ("all => retention>=a", "retention>= needs a number of days"),
        ("all => copy-to=central", "'copy-to=central' needs --central-vault ARN"),
        ("all => copy-to=vault", "copy-to= takes a vault ARN or central"),
    ],
)
def test_a_bad_rule_is_a_usage_error_naming_the_part(cli: Run, rule: str, message: str) -> None:
    result = cli("coverage", "--inventory", INVENTORY, *ORG_ARGS, "--require", rule)
    assert result.code == 2
    assert result.out == ""
    assert "error: --require: " in result.err
    assert message in result.err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("accounts: [{id: '12'}]", "accounts[0].id: '12' is not a 12-digit account id"),
        (
            "accounts: [{id: '333333333333', regions: [{resources: []}]}]",
            "accounts[0].regions[0]: a Region needs 'name'",
        ),
        (
            "accounts: [{id: '333333333333', regions: [{name: us-east-1, resources:"
            " [{arn: 'arn:aws:sqs:us-east-1:333333333333:q'}]}]}]",
            "accounts[0].regions[0].resources[0]: cannot tell the AWS Backup resource type",
        ),
        (
            "accounts: [{id: '333333333333', regions: [{name: us-east-1,"
            " resource_type_opt_in: {S3: 'no'}}]}]",
            "accounts[0].regions[0].resource_type_opt_in: must map resource types to true or false",
        ),
        ("accounts: [{id: '333333333333', colour: red}]", "accounts[0]: unknown key 'colour'"),
        (
            "accounts: [{id: '333333333333', regions: [{name: mars-1}]}]",
            "accounts[0].regions[0].name: 'mars-1' is not an AWS Region",
        ),
        (
            "accounts: [{id: '333333333333', regions: [{name: us-east-1, resources:"
            " [{arn: 'arn:aws:dynamodb:us-east-1:444444444444:table/t'}]}]}]",
            "accounts[0].regions[0].resources[0].arn: arn:aws:dynamodb:us-east-1:444444444444:"
            "table/t is not in account 333333333333, Region us-east-1",
        ),
        (
            "accounts: [{id: '333333333333', regions: [{name: us-east-1, resources:"
            " [{arn: 'arn:aws:dynamodb:eu-west-1:333333333333:table/t'}]}]}]",
            "accounts[0].regions[0].resources[0].arn: arn:aws:dynamodb:eu-west-1:333333333333:"
            "table/t is not in account 333333333333, Region us-east-1",
        ),
        (
            "accounts: [{id: '333333333333', regions: [{name: us-east-1, resources:"
            " [{arn: 'arn:aws:dynamodb:us-east-1:333333333333:table/t', tags: {tier: 7}}]}]}]",
            "accounts[0].regions[0].resources[0].tags: must map tag keys to string values",
        ),
    ],
)
def test_a_bad_inventory_is_a_usage_error_naming_the_field(
    cli: Run, tmp_path: Path, text: str, message: str
) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(text)
    result = cli("coverage", "--inventory", inventory, *ORG_ARGS)
    assert result.code == 2
    assert f"{inventory}: {message}" in result.err


def test_an_account_without_a_policy_source_is_a_usage_error(cli: Run) -> None:
    result = cli("coverage", "--inventory", INVENTORY)
    assert result.code == 2
    assert "no effective policy for account 333333333333" in result.err


def test_effective_policy_in_the_inventory_is_used(cli: Run, tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.json"
    table = "arn:aws:dynamodb:us-east-1:111111111111:table/t"
    everything = {"iam_role_arn": "arn:aws:iam::$account:role/r", "resource_types": ["*"]}
    rules = {"r": {"schedule_expression": "cron(0 1 ? * * *)"}}  # no vault: incomplete
    plan = {
        "regions": ["us-east-1"],
        "rules": rules,
        "selections": {"resources": {"all": everything}},
    }
    policy = {"plans": {"p": plan}}
    accounts = [
        {"id": "111111111111", "effective_policy": policy,
         "regions": [{"name": "us-east-1", "resources": [{"arn": table}]}]},
        {"id": "222222222222", "effective_policy": None,
         "regions": [{"name": "us-east-1", "resources": [{"arn": table.replace("1111", "2222")}]}]},
    ]  # fmt: skip
    inventory.write_text(json.dumps({"accounts": accounts}))
    result = cli("coverage", "--inventory", inventory, "--format", "json")
    assert result.code == 0, result.err
    reasons = [(r["account_id"], r["reason"]) for r in json.loads(result.out)["resources"]]
    assert reasons == [("111111111111", "plan-incomplete"), ("222222222222", "no-policy")]
