"""Small custom-resource handlers, good and bad, that the driver tests run unchanged.

The crhelper ones are built as a real function would build them (no ``ssl_verify``), each by
a factory so every test gets a fresh ``CfnResource``. The raw ones PUT by hand to misbehave.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from typing import Any

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext
from crhelper import CfnResource

from rehearsal.cfn import Handler

Event = dict[str, Any]


def _helper() -> CfnResource:
    return CfnResource(json_logging=False, log_level="INFO", sleep_on_delete=0)


def _policy_id(event: Event) -> str:
    return f"p-{event['ResourceProperties']['PolicyName'].lower()}"


def well_behaved() -> CfnResource:
    """Create returns an id; Update keeps it unless PolicyName changes; Delete succeeds."""
    helper = _helper()

    @helper.create
    def _create(event: Event, context: LambdaContext) -> str:
        helper.Data.update(PolicyName=event["ResourceProperties"]["PolicyName"])
        return _policy_id(event)

    @helper.update
    def _update(event: Event, context: LambdaContext) -> str:
        old_name = event["OldResourceProperties"]["PolicyName"]
        if event["ResourceProperties"]["PolicyName"] != old_name:
            return _policy_id(event)
        return str(event["PhysicalResourceId"])

    @helper.delete
    def _delete(event: Event, context: LambdaContext) -> None:
        return None

    return helper


def fails_create() -> CfnResource:
    """Create raises; Delete (of crhelper's invented id) succeeds."""
    helper = _helper()

    @helper.create
    def _create(event: Event, context: LambdaContext) -> str:
        raise ValueError("PolicyContent: plans is required")

    @helper.delete
    def _delete(event: Event, context: LambdaContext) -> None:
        return None

    return helper


def fails_update_when(key: str) -> CfnResource:
    """Well-behaved, except that an Update whose new properties carry ``key`` raises."""
    helper = _helper()
    helper.create(lambda event, context: _policy_id(event))
    helper.delete(lambda event, context: None)

    @helper.update
    def _update(event: Event, context: LambdaContext) -> str:
        if key in event["ResourceProperties"]:
            raise RuntimeError(f"{key}: refused")
        return str(event["PhysicalResourceId"])

    return helper


def answers_twice() -> Handler:
    """A wrapper bug: the crhelper handler is called twice, so two PUTs go out."""
    helper = well_behaved()

    def handler(event: Event, context: LambdaContext) -> None:
        helper(event, context)
        helper(event, context)

    return handler


def answers_nothing(event: Event, context: LambdaContext) -> None:
    """Returns without sending anything, as a handler that forgot crhelper would."""


def oversized_data() -> CfnResource:
    """Create succeeds with a Data map far beyond the 4,096-byte body limit."""
    helper = _helper()

    @helper.create
    def _create(event: Event, context: LambdaContext) -> str:
        helper.Data.update(Policy="x" * 5000)
        return _policy_id(event)

    return helper


def failed_without_reason(event: Event, context: LambdaContext) -> None:
    """Hand-built FAILED response that leaves out Reason."""
    put_response(event, {"Status": "FAILED", "PhysicalResourceId": "p-1"})


def changes_id_on_delete() -> CfnResource:
    """Well-behaved, except Delete answers with another PhysicalResourceId."""
    helper = _helper()
    helper.create(lambda event, context: _policy_id(event))

    @helper.delete
    def _delete(event: Event, context: LambdaContext) -> str:
        return "p-someone-else"

    return helper


def blocks_until(release: threading.Event, *, after: float) -> CfnResource:
    """crhelper Create that takes ``after`` seconds, or until ``release`` is set."""
    helper = _helper()

    @helper.create
    def _create(event: Event, context: LambdaContext) -> str:
        release.wait(after)
        return _policy_id(event)

    helper.delete(lambda event, context: None)
    return helper


def powertools_wrapped() -> Handler:
    """The layout of the real app: a Powertools Logger injecting the Lambda context."""
    logger = Logger(service="cfn-driver-tests")
    helper = well_behaved()

    @logger.inject_lambda_context(correlation_id_path="RequestId", clear_state=True)
    def handler(event: Event, context: LambdaContext) -> None:
        logger.info("custom resource request")
        helper(event, context)

    return handler


def put_response(event: Event, body: dict[str, Any], *, url: str | None = None) -> None:
    """PUT ``body`` (plus the echoed ids) like cfn-response does, with a default TLS context."""
    document = {key: event[key] for key in ("StackId", "RequestId", "LogicalResourceId")}
    document.update(body)
    request = urllib.request.Request(
        url or event["ResponseURL"],
        data=json.dumps(document).encode(),
        method="PUT",
        headers={"Content-Type": ""},
    )
    with urllib.request.urlopen(request, timeout=5):
        pass


def manages_vault() -> CfnResource:
    """Create and delete a Backup vault named by VaultName: a handler that calls AWS."""
    helper = _helper()

    @helper.create
    def _create(event: Event, context: LambdaContext) -> str:
        backup = boto3.client("backup")
        name = event["ResourceProperties"]["VaultName"]
        return str(backup.create_backup_vault(BackupVaultName=name)["BackupVaultArn"])

    @helper.delete
    def _delete(event: Event, context: LambdaContext) -> None:
        name = str(event["PhysicalResourceId"]).rsplit(":", 1)[-1]
        boto3.client("backup").delete_backup_vault(BackupVaultName=name)

    return helper
