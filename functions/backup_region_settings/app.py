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

logger = Logger()
copy_config_to_registered_loggers(source_logger=logger)

# sleep_on_delete=0: the stack deletes this resource before the function and its log group
# (the resource depends on them), so there is no log delivery to wait for.
helper = CfnResource(
    json_logging=False,
    log_level=os.environ.get("POWERTOOLS_LOG_LEVEL", "INFO"),
    boto_level="ERROR",
    polling_interval=2,
    sleep_on_delete=0,
    ssl_verify=None,
)

Event = dict[str, Any]


@helper.create
def _create(event: Event, context: LambdaContext) -> str:
    return resource.create(backup_client(), os.environ["AWS_REGION"], event["ResourceProperties"])


@helper.update
def _update(event: Event, context: LambdaContext) -> str:
    return resource.update(
        backup_client(),
        event["PhysicalResourceId"],
        event["ResourceProperties"],
        event.get("OldResourceProperties") or {},
    )


@helper.delete
def _delete(event: Event, context: LambdaContext) -> None:
    resource.delete(backup_client(), event["PhysicalResourceId"], event["ResourceProperties"])


@logger.inject_lambda_context(log_event=False)
def handler(event: Event, context: LambdaContext) -> None:
    """Answer one CloudFormation request, exactly once (crhelper sends the response)."""
    logger.append_keys(
        request_type=event.get("RequestType"), logical_resource_id=event.get("LogicalResourceId")
    )
    helper(event, context)
