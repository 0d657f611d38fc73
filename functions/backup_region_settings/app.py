"""Lambda entry point of ``Custom::BackupRegionSettings``: crhelper wiring, nothing else."""

from __future__ import annotations

import os
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers
from aws_lambda_powertools.utilities.typing import LambdaContext
from crhelper import CfnResource

from backup_region_settings import resource
from backup_region_settings.clients import backup_client
from backup_region_settings.config import load_settings
from backup_region_settings.errors import failed_create_id
from backup_region_settings.snapshot import decode

# A bad variable must not stop the import: the function could not answer at all. Each request
# answers FAILED with it instead (not crhelper's init_failure, which answers an empty id).
settings, configuration_error = load_settings()
logger = Logger(level=settings.log_level)
copy_config_to_registered_loggers(source_logger=logger)

# sleep_on_delete=0: the stack deletes this resource before the function and its log group
# (the resource depends on them), so there is no log delivery to wait for.
helper = CfnResource(
    json_logging=False,
    log_level=settings.log_level,
    boto_level="ERROR",
    polling_interval=2,
    sleep_on_delete=0,
    ssl_verify=None,
)

Event = dict[str, Any]


def _check_configuration() -> None:
    if configuration_error is not None:
        raise configuration_error


@helper.create
def _create(event: Event, context: LambdaContext) -> str:
    # Reported if Create fails before it returns (crhelper would invent a random id).
    helper.PhysicalResourceId = failed_create_id(event["LogicalResourceId"], event["RequestId"])
    _check_configuration()
    return resource.create(backup_client(), os.environ["AWS_REGION"], event["ResourceProperties"])


@helper.update
def _update(event: Event, context: LambdaContext) -> str:
    _check_configuration()
    return resource.update(
        backup_client(),
        event["PhysicalResourceId"],
        event["ResourceProperties"],
        event.get("OldResourceProperties") or {},
    )


@helper.delete
def _delete(event: Event, context: LambdaContext) -> None:
    if decode(event["PhysicalResourceId"]) is not None:  # else nothing was changed: success
        _check_configuration()
    resource.delete(backup_client(), event["PhysicalResourceId"], event["ResourceProperties"])


@logger.inject_lambda_context(log_event=False)
def handler(event: Event, context: LambdaContext) -> None:
    """Answer one CloudFormation request, exactly once (crhelper sends the response)."""
    logger.append_keys(
        request_type=event.get("RequestType"), logical_resource_id=event.get("LogicalResourceId")
    )
    helper(event, context)
