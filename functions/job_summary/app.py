"""Lambda entry point (``job_summary.app.handler``): wiring only, no business logic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from job_summary.clients import client
from job_summary.config import load_config
from job_summary.report import build_report
from job_summary.summaries import list_summaries

logger = Logger()  # service and level from POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL
metrics = Metrics()  # namespace from POWERTOOLS_METRICS_NAMESPACE
copy_config_to_registered_loggers(source_logger=logger)

FAILED_JOBS = "FailedJobs"


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Publish the daily job summary to ``TOPIC_ARN`` (see docs/monitoring.md).

    Returns ``{"MessageId", "Failed", "Counts"}``; any error raises, so the invocation goes to
    the function's on-failure destination.
    """
    config = load_config()  # a bad variable fails the invocation, naming the variable
    report = build_report(list_summaries(client, config.regions), datetime.now(UTC), config.regions)
    topic_region = config.topic_arn.split(":")[3]
    published = client("sns", topic_region).publish(
        TopicArn=config.topic_arn, Subject=report.subject, Message=report.message
    )
    metrics.add_metric(name=FAILED_JOBS, unit=MetricUnit.Count, value=report.failed)
    logger.info("summary published", extra={"failed": report.failed, "regions": config.regions})
    return {"MessageId": published["MessageId"], "Failed": report.failed, "Counts": report.counts}
