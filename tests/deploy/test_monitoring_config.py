"""`monitoring:` in the deployment configuration: the monitoring stack before the StackSets, and
the event bus ARN every member stack forwards failed jobs to."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from orgbackup.deploy.config import MonitoringSettings, parse_config
from orgbackup.deploy.errors import ConfigError
from orgbackup.deploy.stacks import stack_instances
from orgbackup.deploy.template_configs import parameter_values
from tests.deploy.conftest import EXAMPLE_CONFIG


def _config(monitoring: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(yaml.safe_load(EXAMPLE_CONFIG.read_text()))
    data.pop("monitoring", None)
    if monitoring is not None:
        data["monitoring"] = monitoring
    return data


def test_enabled_monitoring_deploys_before_the_stacksets_and_names_the_bus() -> None:
    config = parse_config(
        _config({"enabled": True, "notification_email": "ops@example.com"}), "config.yaml"
    )

    kinds = [instance.spec.kind for instance in stack_instances(config, "pipeline")]
    values = parameter_values(config, [])

    assert config.monitoring == MonitoringSettings("ops@example.com", "cron(0 6 * * ? *)")
    assert kinds.index("monitoring") < kinds.index("stacksets")
    home = config.home
    assert values["CentralEventBusArn"] == (
        f"arn:aws:events:{home.region}:{home.account}:event-bus/{config.name}-monitoring-job-events"
    )
    assert values["EnableMonitoring"] == "true"
    assert values["MonitoringNotificationEmail"] == "ops@example.com"


@pytest.mark.parametrize("monitoring", [None, {"enabled": False}])
def test_without_monitoring_nothing_is_deployed_and_members_forward_nowhere(
    monitoring: dict[str, Any] | None,
) -> None:
    config = parse_config(_config(monitoring), "config.yaml")

    kinds = [instance.spec.kind for instance in stack_instances(config, "pipeline")]
    values = parameter_values(config, [])

    assert config.monitoring is None
    assert "monitoring" not in kinds
    assert values["EnableMonitoring"] == "false"
    assert "CentralEventBusArn" not in values


@pytest.mark.parametrize(
    ("monitoring", "field"),
    [
        ({"enabled": True, "notification_email": "not-an-address"}, "notification_email"),
        ({"enabled": True, "summary_schedule": "every day"}, "summary_schedule"),
        ({"enabled": True, "email": "ops@example.com"}, "monitoring"),
        ({"notification_email": "ops@example.com"}, "monitoring"),
    ],
)
def test_a_mistake_names_its_field(monitoring: dict[str, Any], field: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(_config(monitoring), "config.yaml")

    assert any(field in issue.path for issue in raised.value.issues)
