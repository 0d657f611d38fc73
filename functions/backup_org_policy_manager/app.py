"""Lambda entry point of ``Custom::BackupOrgPolicy``: wiring only (Powertools, crhelper)."""

from __future__ import annotations

import time
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from crhelper import CfnResource

from backup_org_policy_manager import continuation, lifecycle
from backup_org_policy_manager.budget import Budget
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
    json_logging=False, log_level=settings.log_level, boto_level="ERROR",
    polling_interval=continuation.POLL_INTERVAL_MINUTES, sleep_on_delete=0, ssl_verify=None,
)  # fmt: skip


def _check_configuration() -> None:
    if configuration_error is not None:
        raise configuration_error


def _count(name: str, value: int) -> None:
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def _connect(event: Event, context: LambdaContext, slice_s: float | None = None) -> Connection:
    remaining_ms = context.get_remaining_time_in_millis()
    if slice_s is not None:
        remaining_ms = min(remaining_ms, int((slice_s + settings.response_margin_s) * 1000))
    return connect(
        role_arn(event["ResourceProperties"]),
        remaining_ms=remaining_ms,
        settings=settings,
        session_name=f"BackupOrgPolicy-{event['RequestId']}",
        on_retry=lambda code: _count(ORGANIZATIONS_RETRIES, 1),
    )


def _remember(physical_id: str) -> None:
    # A later failure (or crhelper's timeout answer) then still reports this id, not "".
    helper.PhysicalResourceId = physical_id


def _budget(event: Event, aws: Connection, targets: tuple[str, ...]) -> Budget:
    return Budget(
        aws.organizations.retrier,
        service_timeout_s=continuation.service_timeout_s(event),
        poll_interval_s=continuation.POLL_INTERVAL_MINUTES * 60,
        poll_slice_s=continuation.POLL_SLICE_S,
        state_chars=continuation.state_chars(event),
        chars_per_target=continuation.chars_per_target(targets),
    )


def _continue_later(event: Event, budget: Budget, started: float, work: bool = True) -> None:
    """Leave the rest to polls: crhelper copies this (cut down) event into its rule."""
    left = budget.left if work else {}
    continuation.compact(event, left.get("attach"), left.get("detach"))
    helper.Data[continuation.POLL_UNTIL] = started + continuation.service_timeout_s(event)
    _switch(armed=True)


@helper.create
def _create(event: Event, context: LambdaContext) -> str:
    _remember(failed_create_id(event["LogicalResourceId"], event["RequestId"]))
    _check_configuration()
    request = PolicyRequest.from_event(event)
    logger.append_keys(policy_name=request.name)
    started, aws = time.time(), _connect(event, context)
    budget = _budget(event, aws, request.targets)
    ref = lifecycle.create(
        request,
        aws.organizations,
        read_object=aws.read_object,
        on_policy_id=_remember,
        count=_count,
        budget=budget,
    )
    helper.Data.update(ref.data())
    if budget.unfinished:
        _continue_later(event, budget, started)
    return ref.policy_id


@helper.update
def _update(event: Event, context: LambdaContext) -> str:
    _remember(event["PhysicalResourceId"])
    _check_configuration()
    request = PolicyRequest.from_event(event)
    logger.append_keys(policy_name=request.name, policy_id=event["PhysicalResourceId"])
    started, aws = time.time(), _connect(event, context)
    budget = _budget(event, aws, request.targets)
    ref = lifecycle.update(
        request, event["OldResourceProperties"], event["PhysicalResourceId"], aws.organizations,
        read_object=aws.read_object, count=_count, budget=budget,
    )  # fmt: skip
    helper.Data.update(ref.data())
    if budget.unfinished:
        _continue_later(event, budget, started)
    return ref.policy_id


@helper.delete
def _delete(event: Event, context: LambdaContext) -> None:
    physical_id = str(event["PhysicalResourceId"])
    _remember(physical_id)
    logger.append_keys(policy_id=physical_id)
    if lifecycle.is_policy_id(physical_id):  # else nothing was created: success
        _check_configuration()
        started, aws = time.time(), _connect(event, context)
        budget = _budget(event, aws, ())
        owner = Owner.from_event(event)
        lifecycle.delete(physical_id, owner, aws.organizations, count=_count, budget=budget)
        if budget.unfinished:
            _continue_later(event, budget, started, work=False)


def _poll_targets(event: Event, context: LambdaContext) -> str | None:
    """A poll of a Create or Update: attach (then detach) the rest; the id once done."""
    policy_id = str(helper.Data["PhysicalResourceId"])
    _remember(policy_id)
    continuation.expire(helper.Data, time.time())
    aws = _connect(event, context, slice_s=continuation.POLL_SLICE_S)
    budget = Budget(aws.organizations.retrier)
    work = event[continuation.WORK]
    attach, detach = [str(t) for t in work["Attach"]], [str(t) for t in work["Detach"]]
    owner, org = Owner.from_event(event), aws.organizations
    lifecycle.resume(policy_id, attach, detach, owner, org, budget=budget, count=_count)
    if budget.unfinished:
        return None
    helper.Data.pop(continuation.POLL_UNTIL, None)
    return policy_id


def _poll_delete(event: Event, context: LambdaContext) -> str | None:
    """A poll of a Delete: detach the rest, then delete; the id once done."""
    physical_id = str(event["PhysicalResourceId"])
    _remember(physical_id)
    continuation.expire(helper.Data, time.time())
    aws = _connect(event, context, slice_s=continuation.POLL_SLICE_S)
    budget = Budget(aws.organizations.retrier)
    owner = Owner.from_event(event)
    lifecycle.delete(physical_id, owner, aws.organizations, count=_count, budget=budget)
    if budget.unfinished:
        return None
    helper.Data.pop(continuation.POLL_UNTIL, None)
    return physical_id


_POLLS = (
    helper.poll_create(continuation.PollSwitch(_poll_targets)),
    helper.poll_update(continuation.PollSwitch(_poll_targets)),
    helper.poll_delete(continuation.PollSwitch(_poll_delete)),
)


def _switch(*, armed: bool) -> None:
    for poll in _POLLS:
        if isinstance(poll, continuation.PollSwitch):
            poll.armed = armed


@logger.inject_lambda_context(correlation_id_path="RequestId", clear_state=True)
@metrics.log_metrics
def handler(event: Event, context: LambdaContext) -> None:
    """Answer one CloudFormation request; crhelper sends exactly one response."""
    logger.info("%s %s", event.get("RequestType"), event.get("LogicalResourceId"))
    _switch(armed="CrHelperPoll" in event)  # a first request arms it only to continue
    helper(event, context)
