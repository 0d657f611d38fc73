"""Lambda entry point of ``Custom::BackupOrgPolicy``: wiring only (Powertools, crhelper)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from crhelper import CfnResource

from backup_org_policy_manager import lifecycle
from backup_org_policy_manager.clients import Connection, connect
from backup_org_policy_manager.config import load_settings
from backup_org_policy_manager.errors import failed_create_id
from backup_org_policy_manager.metric_names import ORGANIZATIONS_RETRIES
from backup_org_policy_manager.request import Owner, PolicyRequest, role_arn

Event = dict[str, Any]

# A bad variable must not stop the import: the function could not answer at all. Each request
# answers FAILED with it instead (not crhelper's init_failure, which answers an empty id).
settings, configuration_error = load_settings()
logger = Logger(level=settings.log_level)  # service from POWERTOOLS_SERVICE_NAME
metrics = Metrics()
copy_config_to_registered_loggers(source_logger=logger)
# Every option explicit: crhelper's defaults log the whole event and sleep 120 s on Delete.
helper = CfnResource(
    json_logging=False, log_level=settings.log_level, boto_level="ERROR", polling_interval=2,
    sleep_on_delete=0, ssl_verify=None,
)  # fmt: skip


def _check_configuration() -> None:
    if configuration_error is not None:
        raise configuration_error


def _count(name: str, value: int) -> None:
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def _connect(event: Event, context: LambdaContext) -> Connection:
    return connect(
        role_arn(event["ResourceProperties"]),
        remaining_ms=context.get_remaining_time_in_millis(),
        settings=settings,
        session_name=f"BackupOrgPolicy-{event['RequestId']}",
        on_retry=lambda code: _count(ORGANIZATIONS_RETRIES, 1),
    )


def _remember(physical_id: str) -> None:
    # A later failure (or crhelper's timeout answer) then still reports this id, not "".
    helper.PhysicalResourceId = physical_id


@helper.create
def _create(event: Event, context: LambdaContext) -> str:
    _remember(failed_create_id(event["LogicalResourceId"], event["RequestId"]))
    _check_configuration()
    request = PolicyRequest.from_event(event)
    logger.append_keys(policy_name=request.name)
    aws = _connect(event, context)
    ref = lifecycle.create(
        request,
        aws.organizations,
        read_object=aws.read_object,
        on_policy_id=_remember,
        count=_count,
    )
    helper.Data.update(ref.data())
    return ref.policy_id


@helper.update
def _update(event: Event, context: LambdaContext) -> str:
    _remember(event["PhysicalResourceId"])
    _check_configuration()
    request = PolicyRequest.from_event(event)
    logger.append_keys(policy_name=request.name, policy_id=event["PhysicalResourceId"])
    aws = _connect(event, context)
    ref = lifecycle.update(
        request, event["OldResourceProperties"], event["PhysicalResourceId"], aws.organizations,
        read_object=aws.read_object, count=_count,
    )  # fmt: skip
    helper.Data.update(ref.data())
    return ref.policy_id


@helper.delete
def _delete(event: Event, context: LambdaContext) -> None:
    physical_id = str(event["PhysicalResourceId"])
    _remember(physical_id)
    logger.append_keys(policy_id=physical_id)
    if lifecycle.is_policy_id(physical_id):  # else nothing was created: success
        _check_configuration()
        aws = _connect(event, context)
        lifecycle.delete(physical_id, Owner.from_event(event), aws.organizations, count=_count)


@logger.inject_lambda_context(correlation_id_path="RequestId", clear_state=True)
@metrics.log_metrics
def handler(event: Event, context: LambdaContext) -> None:
    """Answer one CloudFormation request; crhelper sends exactly one response."""
    logger.info("%s %s", event.get("RequestType"), event.get("LogicalResourceId"))
    helper(event, context)
