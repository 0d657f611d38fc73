"""The selection evaluator against AWS's documented selection semantics.

Each row cites the AWS page and section it follows and compares the whole ``Coverage``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from orgbackup.coverage import (
    Coverage,
    Miss,
    Protection,
    Resource,
    RuleSummary,
    account_policy,
    evaluate,
)

ACCOUNT, REGION = "333333333333", "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Backup"
TABLE = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
VOLUME = f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0abc"
AURORA = f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:ledger"
BUCKET = "arn:aws:s3:::invoices"

ASSIGN = "https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html"
ASSIGN_JSON = "https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html"
CONDITIONS = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Conditions.html"
SELECTION = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html"
SYNTAX = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html"
REGION_SETTINGS = (
    "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRegionSettings.html"
)
EFFECTIVE = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_effective.html"

DAILY = RuleSummary("daily", "cron(0 5 ? * * *)", "every day, at 05:00 UTC", True, "vault")


def plan(selections: dict[str, object], regions: list[str] | None = None) -> dict[str, object]:
    return {
        "regions": [REGION] if regions is None else regions,
        "rules": {
            "daily": {
                "schedule_expression": "cron(0 5 ? * * *)",
                "target_backup_vault_name": "vault",
            }
        },
        "selections": selections,
    }


def tags(key: str, values: list[str], **extra: object) -> dict[str, object]:
    return {"tags": {"sel": {"iam_role_arn": ROLE, "tag_key": key, "tag_value": values, **extra}}}


def resources(types: list[str], **extra: object) -> dict[str, object]:
    return {"resources": {"sel": {"iam_role_arn": ROLE, "resource_types": types, **extra}}}


def cond(operator: str, key: str, value: str) -> dict[str, object]:
    return {operator: {"c": {"condition_key": f"aws:ResourceTag/{key}", "condition_value": value}}}


@dataclass(frozen=True)
class Row:
    cites: str
    plan: dict[str, object]
    resource: Resource
    expected: str  # "protected:<selection>" or a reason
    opt_in: dict[str, bool] = field(default_factory=dict)


def r(arn: str, rtype: str, **tag: str) -> Resource:
    return Resource(arn, rtype, {k.replace("_", "-"): v for k, v in tag.items()})


ROWS = {
    "tag selection: any listed value matches": Row(
        f"{SYNTAX} (Backup syntax: selections, tag_value list)",
        plan(tags("backup", ["daily", "daily-monthly"])),
        r(TABLE, "DynamoDB", backup="daily-monthly"),
        "protected:tags.sel",
    ),
    "tag selection: a value outside the list": Row(
        f"{SYNTAX} (Backup syntax: selections)",
        plan(tags("backup", ["daily"])),
        r(TABLE, "DynamoDB", backup="weekly"),
        "no-selection-matched",
    ),
    "tag values compare case-sensitively": Row(
        f"{SELECTION} (ListOfTags: condition operators are case sensitive)",
        plan(tags("backup", ["daily"])),
        r(TABLE, "DynamoDB", backup="Daily"),
        "no-selection-matched",
    ),
    "tag keys compare case-sensitively": Row(
        f"{CONDITIONS} (Conditions are case sensitive)",
        plan(tags("backup", ["daily"])),
        r(TABLE, "DynamoDB", Backup="daily"),
        "no-selection-matched",
    ),
    "resource_types: ARN pattern with * wildcards": Row(
        f"{ASSIGN_JSON} (the wildcard * represents zero or more non-whitespace characters)",
        plan(resources(["arn:aws:dynamodb:*:*:table/*"])),
        r(TABLE, "DynamoDB"),
        "protected:resources.sel",
    ),
    "resource_types: * selects every resource": Row(
        f"{ASSIGN_JSON} (Example: Select all resources in my account)",
        plan(resources(["*"])),
        r(VOLUME, "EBS"),
        "protected:resources.sel",
    ),
    "not_resource_types excludes": Row(
        f"{ASSIGN_JSON} (Example: Select all resources, but exclude EBS volumes)",
        plan(resources(["*"], not_resource_types=["arn:aws:ec2:*:*:volume/*"])),
        r(VOLUME, "EBS"),
        "no-selection-matched",
    ),
    "$account is the account id": Row(
        f"{SYNTAX} (resource_types: $account variable)",
        plan(resources(["arn:aws:dynamodb:us-east-1:$account:table/*"])),
        r(TABLE, "DynamoDB"),
        "protected:resources.sel",
    ),
    "$account of another account does not match": Row(
        f"{SYNTAX} (resource_types: $account variable)",
        plan(resources(["arn:aws:dynamodb:us-east-1:$account:table/*"])),
        r(TABLE.replace(ACCOUNT, "444444444444"), "DynamoDB"),
        "no-selection-matched",
    ),
    "conditions AND with resource types": Row(
        f"{ASSIGN_JSON} (Resources combined with OR, Conditions with AND)",
        plan(
            resources(
                ["*"],
                conditions={
                    **cond("string_equals", "backup", "true"),
                    **cond("string_equals", "stage", "prod"),
                },
            )
        ),
        r(VOLUME, "EBS", backup="true", stage="dev"),
        "no-selection-matched",
    ),
    "conditions all hold": Row(
        f"{ASSIGN_JSON} (Example: EBS volumes and RDS instances tagged with both)",
        plan(
            resources(
                ["*"],
                conditions={
                    **cond("string_equals", "backup", "true"),
                    **cond("string_like", "stage", "pro*"),
                },
            )
        ),
        r(VOLUME, "EBS", backup="true", stage="production"),
        "protected:resources.sel",
    ),
    "string_like * anywhere in the string": Row(
        f'{CONDITIONS} (StringLike: "*rod*" matches "production")',
        plan(resources(["*"], conditions=cond("string_like", "stage", "*rod*"))),
        r(VOLUME, "EBS", stage="production"),
        "protected:resources.sel",
    ),
    "string_not_equals excludes the value": Row(
        f"{CONDITIONS} (StringNotEquals: negated matching)",
        plan(resources(["*"], conditions=cond("string_not_equals", "stage", "dev"))),
        r(VOLUME, "EBS", stage="dev"),
        "no-selection-matched",
    ),
    "string_not_like excludes a matching value": Row(
        f"{CONDITIONS} (StringNotLike: non-matching tag values)",
        plan(resources(["*"], conditions=cond("string_not_like", "stage", "te*"))),
        r(VOLUME, "EBS", stage="test"),
        "no-selection-matched",
    ),
    "string_not_equals holds on an untagged resource": Row(
        f"{ASSIGN_JSON} (Boolean arithmetic similar to IAM:"
        " a missing key makes a negated operator true)",
        plan(resources(["*"], conditions=cond("string_not_equals", "stage", "dev"))),
        r(VOLUME, "EBS"),
        "protected:resources.sel",
    ),
    "tag selection with a condition (AND)": Row(
        f"{SYNTAX} (selections.tags conditions) and {ASSIGN_JSON} (Conditions with AND)",
        plan(tags("backup", ["daily"], conditions=cond("string_equals", "env", "prod"))),
        r(TABLE, "DynamoDB", backup="daily", env="dev"),
        "no-selection-matched",
    ),
    "the plan does not run in this Region": Row(
        f"{SYNTAX} (regions: the Regions the plan runs in)",
        plan(tags("backup", ["daily"]), regions=["eu-west-1"]),
        r(TABLE, "DynamoDB", backup="daily"),
        "region-not-in-plan",
    ),
    "tag-only assignment honours opt-in": Row(
        f"{ASSIGN} (If resource assignments are only based on tags, opt-in settings are applied)",
        plan(tags("backup", ["daily"])),
        r(BUCKET, "S3", backup="daily"),
        "opted-out",
        {"S3": False},
    ),
    "all-resources assignment honours opt-in": Row(
        f"{SELECTION} (otherwise Backup selects all supported and opted-in storage resources)",
        plan(resources(["*"])),
        r(BUCKET, "S3"),
        "opted-out",
        {"S3": False},
    ),
    "a service named alone follows opt-in": Row(
        f"{ASSIGN_JSON} (Filter by services or resource types: with arn:aws:ec2:*, EC2 "
        "instances will be included only if the opt-in setting for the EC2 resource type is "
        "enabled)",
        plan(resources(["arn:aws:ec2:*"])),
        r(VOLUME, "EBS"),
        "opted-out",
        {"EBS": False},
    ),
    "a service with wildcard fields follows opt-in": Row(
        f"{ASSIGN_JSON} (Filter by services or resource types: only the service is named)",
        plan(resources(["arn:aws:ec2:*:*:*"])),
        r(VOLUME, "EBS"),
        "opted-out",
        {"EBS": False},
    ),
    "a named resource type is backed up regardless of opt-in": Row(
        f"{ASSIGN_JSON} (Filter by services or resource types: arn:aws:ec2:::volume/* is "
        "backed up regardless of the opt-in setting)",
        plan(resources(["arn:aws:ec2:*:*:volume/*"])),
        r(VOLUME, "EBS"),
        "protected:resources.sel",
        {"EBS": False},
    ),
    "an explicitly assigned type ignores opt-in": Row(
        f"{ASSIGN} (explicitly assigned resource type included even if opt-in is not enabled)",
        plan(resources(["arn:aws:s3:::*"])),
        r(BUCKET, "S3"),
        "protected:resources.sel",
        {"S3": False},
    ),
    "explicit Aurora still needs opt-in": Row(
        f"{ASSIGN} (This does not apply to Aurora, Neptune, and Amazon DocumentDB)",
        plan(resources(["arn:aws:rds:*:*:cluster:*"])),
        r(AURORA, "Aurora"),
        "opted-out",
        {"Aurora": False},
    ),
    "an opted-in type": Row(
        f"{REGION_SETTINGS} (ResourceTypeOptInPreference)",
        plan(tags("backup", ["daily"])),
        r(BUCKET, "S3", backup="daily"),
        "protected:tags.sel",
        {"S3": True},
    ),
    "an incomplete plan protects nothing": Row(
        f"{EFFECTIVE} (a plan must be complete: regions, rules, selections)",
        plan({"tags": {"sel": {"tag_key": "backup", "tag_value": ["daily"]}}}),
        r(TABLE, "DynamoDB", backup="daily"),
        "plan-incomplete",
    ),
}


def expected_coverage(row: Row, document: dict[str, object]) -> Coverage:
    if row.expected.startswith("protected:"):
        selection = row.expected.split(":", 1)[1]
        return Coverage(ACCOUNT, REGION, row.resource, (Protection("p", selection, (DAILY,)),))
    selection = "tags.sel" if "tags" in document["plans"]["p"]["selections"] else "resources.sel"  # type: ignore[index]
    if row.expected == "no-selection-matched":
        return Coverage(ACCOUNT, REGION, row.resource)
    detail = {
        "region-not-in-plan": f"{REGION} is not in the plan's regions",
        "opted-out": f"{row.resource.resource_type} is opted out in {REGION}",
        "plan-incomplete": """missing $.plans.p.selections.tags.sel.iam_role_arn""",
    }[row.expected]
    miss = Miss("p", selection, row.expected, detail)  # type: ignore[arg-type]
    return Coverage(ACCOUNT, REGION, row.resource, misses=(miss,))


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_selection_semantics(row: Row) -> None:
    assert row.cites.startswith("https://docs.aws.amazon.com/")
    document: dict[str, object] = {"plans": {"p": row.plan}}
    found = evaluate(account_policy(document), ACCOUNT, REGION, row.resource, row.opt_in)
    assert found == expected_coverage(row, document)


def test_no_policy_is_its_own_reason() -> None:
    resource = r(TABLE, "DynamoDB", backup="daily")
    found = evaluate(account_policy(None), ACCOUNT, REGION, resource)
    assert (found.protected, found.reason) == (False, "no-policy")
