"""Lambda entry point (``tag_on_restore.app.handler``): wiring only, no business logic."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from tag_on_restore.clients import client
from tag_on_restore.config import load_config
from tag_on_restore.metrics import RESTORES_FAILED
from tag_on_restore.process import Result, handle
from tag_on_restore.summary import summarize

logger = Logger()  # service and level from POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL
metrics = Metrics()  # namespace from POWERTOOLS_METRICS_NAMESPACE
copy_config_to_registered_loggers(source_logger=logger)


def _record(result: Result) -> dict[str, Any]:
    summary = summarize(result)
    for name, value in summary.metrics.items():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    logger.info(summary.message, extra=summary.response)
    return summary.response


@logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE, clear_state=True)
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Tag the resource a restore job created, or backfill (see docs/tag-on-restore.md)."""
    try:
        config = load_config()  # a bad variable fails every event, naming the variable
        detail = event.get("detail")
        if isinstance(detail, dict) and detail.get("restoreJobId"):
            logger.append_keys(restore_job_id=detail["restoreJobId"])
        return _record(handle(event, config, client, context.get_remaining_time_in_millis))
    except Exception:
        metrics.add_metric(name=RESTORES_FAILED, unit=MetricUnit.Count, value=1)
        logger.exception("tagging failed; the event will be retried or sent on")
        raise
