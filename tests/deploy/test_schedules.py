"""Schedule expressions of the configuration (monitoring.summary_schedule,
restore_testing.schedule) are refused as EventBridge refuses them, naming the field:
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"""

from __future__ import annotations

import pytest
import yaml

from orgbackup.deploy.config import parse_config
from orgbackup.deploy.errors import ConfigError
from orgbackup.deploy.schedules import schedule_problem
from tests.deploy.conftest import EXAMPLE_CONFIG, ROOT


@pytest.mark.parametrize(
    ("expression", "rate_allowed", "problem"),
    [
        # "Minutes 0-59" (cron expressions table)
        ("cron(99 7 * * ? *)", True, "minutes field '99' is not in 0-59"),
        # "You can't use * in both the Day-of-month and Day-of-week fields"
        ("cron(0 6 * * * *)", True, "exactly one of day-of-month and day-of-week must be '?'"),
        ("cron(0 5 * * SAT *)", False, "exactly one of day-of-month and day-of-week must be '?'"),
        # "If the value is equal to 1, then the unit must be singular ... greater than 1, plural"
        ("rate(1 days)", True, "the unit is 'day' for a value of 1: rate(1 day)"),
        ("rate(5 minute)", True, "the unit is 'minutes' for a value of 5: rate(5 minutes)"),
        ("rate(0 hours)", True, "expected rate(N unit) with N >= 1"),
        # AWS::Backup::RestoreTestingPlan ScheduleExpression is a cron expression.
        ("rate(7 days)", False, "takes a cron(...) expression, e.g. cron(0 5 ? * SAT *)"),
        ("cron(0 6 * * ? *)", True, None),
        ("cron(0 5 ? * SAT *)", False, None),
        ("rate(1 day)", True, None),
    ],
)
def test_schedule_expressions(expression: str, rate_allowed: bool, problem: str | None) -> None:
    found = schedule_problem(expression, rate_allowed)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(problem)


def test_the_configuration_names_each_bad_schedule() -> None:
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    data["monitoring"]["summary_schedule"] = "cron(99 7 * * ? *)"
    data["restore_testing"]["schedule"] = "cron(0 5 * * SAT *)"
    with pytest.raises(ConfigError) as raised:
        parse_config(data, "config.yaml", ROOT)
    paths = {issue.path: issue.message for issue in raised.value.issues}
    assert paths["$.monitoring.summary_schedule"].startswith("'cron(99 7 * * ? *)': minutes")
    assert paths["$.restore_testing.schedule"].startswith("'cron(0 5 * * SAT *)': exactly one")
