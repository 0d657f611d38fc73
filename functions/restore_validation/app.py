"""Lambda entry point (``restore_validation.app.handler``): wiring only, no business logic."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from restore_validation.clients import client
from restore_validation.config import load_config
from restore_validation.event import IgnoredEvent
from restore_validation.metrics import (
    ALREADY_VALIDATED,
    EVENTS_IGNORED,
    UNSUPPORTED_RESOURCE_TYPE,
    VALIDATION_ERRORS,
    VALIDATIONS_FAILED,
    VALIDATIONS_SUCCESSFUL,
)
from restore_validation.process import Result, handle

logger = Logger()  # service and level from POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL
metrics = Metrics()  # namespace from POWERTOOLS_METRICS_NAMESPACE
copy_config_to_registered_loggers(source_logger=logger)

_METRIC = {
    "SUCCESSFUL": VALIDATIONS_SUCCESSFUL,
    "FAILED": VALIDATIONS_FAILED,
    "unsupported": UNSUPPORTED_RESOURCE_TYPE,
    "already_validated": ALREADY_VALIDATED,
}


def _record(result: Result) -> dict[str, Any]:
    if isinstance(result, IgnoredEvent):
        metrics.add_metric(name=EVENTS_IGNORED, unit=MetricUnit.Count, value=1)
        logger.info("event ignored", extra={"reason": result.reason})
        return {"status": "ignored", "reason": result.reason}
    metrics.add_metric(name=_METRIC[result.status], unit=MetricUnit.Count, value=1)
    response = {"status": result.status, "resource_type": result.resource_type}
    logger.info(result.message, extra=response)
    return {**response, "message": result.message}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE, clear_state=True)
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Validate what a restore test restored and report it (see docs/restore-testing.md)."""
    try:
        config = load_config()  # a bad variable fails every event, naming the variable
        detail = event.get("detail")
        if isinstance(detail, dict) and detail.get("restoreJobId"):
            logger.append_keys(restore_job_id=detail["restoreJobId"])
        return _record(handle(event, config, client))
    except Exception:
        metrics.add_metric(name=VALIDATION_ERRORS, unit=MetricUnit.Count, value=1)
        logger.exception("validation failed; the event will be retried or sent on")
        raise
