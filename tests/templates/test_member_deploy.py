"""Deploy the member template on the emulator's CloudFormation (moto plus the models of
rehearsal/emulator/cloudformation/), under the name a real StackSet instance stack has
(``StackSet-<stack set name>-<uuid>``, the set's name from templates/stacksets.yaml), and read
back what it created.

The Region settings custom resource needs its packaged zip and the emulator as a server, so it
(and what references it) is split off here; the split is asserted exactly, so nothing else is
dropped. The custom resource itself runs from its zip in tests/emulator/cloudformation/.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

import boto3
import pytest

from tests.templates.deployments import deployments
from tests.templates.loader import REPO, load, references

HOME = "111122223333"
# The instance stack name the member StackSet gives each account and Region.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html
STACK_NAME = deployments("templates/member-account.yaml")[0].stack_name
UNSUPPORTED_BY_MOTO = {"Custom::BackupRegionSettings"}


def deployable_part(template: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The template without unsupported resources and what references them; the dropped ids."""
    resources = template["Resources"]
    dropped = {name for name, res in resources.items() if res["Type"] in UNSUPPORTED_BY_MOTO}
    while True:
        more = {
            name
            for name, resource in resources.items()
            if name not in dropped and references(resource) & dropped
        }
        if not more:
            break
        dropped |= more
    template["Resources"] = {k: v for k, v in resources.items() if k not in dropped}
    template["Outputs"] = {
        k: v for k, v in template.get("Outputs", {}).items() if not references(v) & dropped
    }
    return template, dropped


def function_zip(package: str) -> bytes:
    """The function's own sources, zipped (moto stores the code; it never runs it here)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((REPO / "functions" / package).rglob("*.py")):
            archive.write(path, path.relative_to(REPO / "functions").as_posix())
    return buffer.getvalue()


def upload_code(s3: Any) -> dict[str, str]:
    bucket = f"org-backup-artifacts-{HOME}-us-east-1"
    s3.create_bucket(Bucket=bucket)
    keys = {}
    for package, parameter in [
        ("tag_on_restore", "TagOnRestoreCodeKey"),
        ("backup_region_settings", "RegionSettingsCodeKey"),
    ]:
        body = function_zip(package)
        keys[parameter] = f"lambda/{package}-{hashlib.sha256(body).hexdigest()}.zip"
        s3.put_object(Bucket=bucket, Key=keys[parameter], Body=body)
    return keys


@pytest.fixture
def deployed(aws: None) -> dict[str, Any]:
    template, dropped = deployable_part(load("member-account.yaml"))
    assert dropped == {"BackupRegionSettings"}
    keys = upload_code(boto3.client("s3"))
    parameters = {
        "OrganizationId": "o-a1b2c3d4e5",
        "CentralBackupAccountId": "444455556666",
        "HomeAccountId": HOME,
        "CentralEventBusArn": f"arn:aws:events:us-east-1:{HOME}:event-bus/org-backup",
        **keys,
    }
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(
        StackName=STACK_NAME,
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=STACK_NAME)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    listed = cloudformation.list_stack_resources(StackName=STACK_NAME)
    physical = {
        r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed["StackResourceSummaries"]
    }
    return {"stack": stack, "physical": physical, "template": template}


def test_every_deployable_resource_is_created(deployed: dict[str, Any]) -> None:
    # NotificationEmail is empty here, so the SubscribeEmail condition leaves out one resource.
    wanted = {
        name
        for name, resource in deployed["template"]["Resources"].items()
        if resource.get("Condition") != "SubscribeEmail"
    }
    assert set(deployed["physical"]) == wanted
    assert "FailureEmailSubscription" not in wanted
    kinds = {resource["Type"] for resource in deployed["template"]["Resources"].values()}
    assert {
        "AWS::Lambda::Function",
        "AWS::IAM::Role",
        "AWS::Events::Rule",
        "AWS::SQS::Queue",
        "AWS::KMS::Key",
        "AWS::Logs::LogGroup",
        "AWS::SNS::Topic",
    } <= kinds


def test_functions_are_configured_from_the_parameters(deployed: dict[str, Any]) -> None:
    lambda_client = boto3.client("lambda")
    tag_on_restore = lambda_client.get_function_configuration(
        FunctionName=deployed["physical"]["TagOnRestoreFunction"]
    )
    assert tag_on_restore["Runtime"] == "python3.13"
    assert tag_on_restore["Handler"] == "tag_on_restore.app.handler"
    assert tag_on_restore["Environment"]["Variables"] == {
        "EXCLUDED_TAG_KEYS": "",
        "OVERWRITE_EXISTING_TAGS": "false",
        "TAG_IN_PLACE_RESTORES": "false",
        "PROVENANCE_TAGS": "true",
        "PROVENANCE_TAG_PREFIX": "backup:restore:",
        "POWERTOOLS_SERVICE_NAME": "tag-on-restore",
        "POWERTOOLS_METRICS_NAMESPACE": "OrgBackup/TagOnRestore",
        "POWERTOOLS_LOG_LEVEL": "INFO",
    }
    settings = lambda_client.get_function_configuration(
        FunctionName=deployed["physical"]["RegionSettingsFunction"]
    )
    assert settings["Handler"] == "backup_region_settings.app.handler"
    assert settings["Role"].endswith(deployed["physical"]["RegionSettingsRole"])


def test_backup_service_role_has_the_backup_restore_and_s3_policies(
    deployed: dict[str, Any],
) -> None:
    iam = boto3.client("iam")
    trust = iam.get_role(RoleName="org-backup-service-role")["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == {"Service": "backup.amazonaws.com"}
    attached = iam.list_attached_role_policies(RoleName="org-backup-service-role")
    names = sorted(policy["PolicyName"] for policy in attached["AttachedPolicies"])
    assert names == [
        "AWSBackupServiceRolePolicyForBackup",
        "AWSBackupServiceRolePolicyForRestores",
        "AWSBackupServiceRolePolicyForS3Backup",
        "AWSBackupServiceRolePolicyForS3Restore",
    ]


def test_restore_rule_targets_tag_on_restore(deployed: dict[str, Any]) -> None:
    events = boto3.client("events")
    rule_name = deployed["physical"]["RestoreCompletedRule"]
    rule = events.describe_rule(Name=rule_name.split("|")[-1])
    pattern = json.loads(rule["EventPattern"])
    assert pattern["detail-type"] == ["Restore Job State Change"]
    targets = events.list_targets_by_rule(Rule=rule["Name"])["Targets"]
    assert [t["Arn"].split(":")[-1] for t in targets] == [
        deployed["physical"]["TagOnRestoreFunction"]
    ]


def test_failures_reach_the_topic_and_the_central_bus(deployed: dict[str, Any]) -> None:
    events = boto3.client("events")
    rule = events.describe_rule(Name=deployed["physical"]["JobFailedRule"].split("|")[-1])
    targets = {t["Id"]: t for t in events.list_targets_by_rule(Rule=rule["Name"])["Targets"]}
    assert set(targets) == {"failure-topic", "central-event-bus"}
    assert targets["central-event-bus"]["Arn"].endswith(":event-bus/org-backup")
    assert targets["central-event-bus"]["RoleArn"].endswith(
        deployed["physical"]["ForwardEventsRole"]
    )


def test_queue_is_encrypted_and_keys_rotate(deployed: dict[str, Any]) -> None:
    sqs = boto3.client("sqs")
    attributes = sqs.get_queue_attributes(
        QueueUrl=deployed["physical"]["TagOnRestoreFailureQueue"], AttributeNames=["All"]
    )["Attributes"]
    assert attributes["KmsMasterKeyId"] == deployed["physical"]["OperationsKey"]
    assert attributes["MessageRetentionPeriod"] == "1209600"
    kms = boto3.client("kms")
    for key in ("VaultKey", "OperationsKey"):
        key_id = deployed["physical"][key]
        assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True, key
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
    assert aliases["alias/org-backup-vault"] == deployed["physical"]["VaultKey"]


def test_the_instance_stack_name_is_a_real_one() -> None:
    stackset = load("stacksets.yaml")["Resources"]["MemberStackSet"]["Properties"]
    prefix = f"StackSet-{stackset['StackSetName']}-"
    assert STACK_NAME.startswith(prefix)
    assert len(STACK_NAME) == len(prefix) + 36  # a UUID


def test_log_groups_keep_logs_for_the_retention(deployed: dict[str, Any]) -> None:
    logs = boto3.client("logs")
    groups = logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{STACK_NAME}-")
    retention = {g["logGroupName"]: g.get("retentionInDays") for g in groups["logGroups"]}
    assert retention == {
        f"/aws/lambda/{STACK_NAME}-region-settings": 365,
        f"/aws/lambda/{STACK_NAME}-tag-on-restore": 365,
    }


def test_functions_reserve_no_concurrency_by_default(deployed: dict[str, Any]) -> None:
    """A new account's Lambda quota has no concurrency to spare (test_new_account_defaults.py)."""
    lambda_client = boto3.client("lambda")
    for function in ("TagOnRestoreFunction", "RegionSettingsFunction"):
        name = deployed["physical"][function]
        concurrency = lambda_client.get_function_concurrency(FunctionName=name)
        assert "ReservedConcurrentExecutions" not in concurrency, function
