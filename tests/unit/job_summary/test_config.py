"""Settings: a value the function cannot use names its variable."""

from __future__ import annotations

import pytest

from job_summary.config import Config
from job_summary.errors import ConfigurationError

TOPIC = "arn:aws:sns:us-east-1:111122223333:org-backup-monitoring-JobTopic-ABC"


def test_regions_default_to_the_functions_region() -> None:
    config = Config.from_env({"TOPIC_ARN": TOPIC, "AWS_REGION": "eu-west-1"})

    assert config == Config(TOPIC, ("eu-west-1",))


def test_regions_are_listed_once_each_in_order() -> None:
    config = Config.from_env(
        {"TOPIC_ARN": TOPIC, "SUMMARY_REGIONS": "eu-west-1, us-east-1,eu-west-1"}
    )

    assert config.regions == ("eu-west-1", "us-east-1")


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({}, "TOPIC_ARN"),
        ({"TOPIC_ARN": "arn:aws:sqs:us-east-1:111122223333:queue"}, "TOPIC_ARN"),
        ({"TOPIC_ARN": TOPIC, "SUMMARY_REGIONS": "eu-west-1,Europe"}, "SUMMARY_REGIONS"),
        ({"TOPIC_ARN": TOPIC}, "SUMMARY_REGIONS"),
    ],
)
def test_a_bad_variable_is_named(environ: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Config.from_env(environ)

    assert raised.value.variable == variable
    assert str(raised.value).startswith(f"{variable}: ")
