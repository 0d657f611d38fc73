"""The ``audit:`` section: what it deploys where, the values it gives the templates, and what
the configuration check refuses (docs/audit.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from orgbackup.deploy.config import AuditSettings, parse_config
from orgbackup.deploy.errors import ConfigError
from orgbackup.deploy.stacks import STACKSET_BODIES, stack_instances, stackset_regions
from orgbackup.deploy.template_configs import parameter_values
from tests.deploy.conftest import EXAMPLE_CONFIG, ROOT

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "config.example.yaml"


def _data(**audit: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    if audit:
        data["audit"] = audit
    else:
        data.pop("audit", None)
    return data


def _placed(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    config = parse_config(data)
    stacks = [i.spec.kind for i in stack_instances(config, "pipeline")]
    body = next(b for b in STACKSET_BODIES if b.name == "audit-framework")
    return stacks, [region for _, region in stackset_regions(config, body)]


def test_the_example_enables_audit_with_the_documented_settings() -> None:
    config = parse_config(yaml.safe_load(EXAMPLE.read_text()))

    stacks, regions = _placed(yaml.safe_load(EXAMPLE.read_text()))

    assert config.audit == AuditSettings(("CSV",), 35, 24, True, ())
    # The report plans after the StackSets (which hold the frameworks), every target Region.
    assert stacks.index("audit") > stacks.index("stacksets")
    assert regions == ["eu-west-1", "eu-central-1"]


@pytest.mark.parametrize("audit", [{}, {"enabled": False}], ids=["absent", "disabled"])
def test_without_audit_neither_the_report_stack_nor_the_frameworks_are_deployed(
    audit: dict[str, Any],
) -> None:
    data = _data(**audit)
    if audit:
        data["audit"] = audit

    stacks, regions = _placed(data)
    values = parameter_values(parse_config(data), [])

    assert "audit" not in stacks
    assert regions == []
    assert values["EnableAudit"] == "false"
    assert "AuditMinRetentionDays" not in values


def test_the_settings_reach_the_template_parameters() -> None:
    data = _data(
        enabled=True,
        min_retention_days=90,
        min_frequency_hours=12,
        require_cross_account_copy=False,
        cross_region_copy_regions=["eu-central-1"],
    )
    data["target_regions"] = ["eu-west-1"]
    data["audit"]["report_formats"] = ["CSV", "JSON"]

    values = parameter_values(parse_config(data), [])

    assert {k: v for k, v in values.items() if "Audit" in k} == {
        "EnableAudit": "true",
        "AuditReportFormats": "CSV,JSON",
        "AuditMinRetentionDays": "90",
        "AuditMinFrequencyHours": "12",
        "AuditCrossAccountCopyAccountId": "",
        "AuditCrossRegionCopyRegions": "eu-central-1",
    }


def test_the_central_account_is_the_required_copy_destination() -> None:
    values = parameter_values(parse_config(_data(enabled=True)), [])

    assert values["AuditCrossAccountCopyAccountId"] == "333333333333"


@pytest.mark.parametrize(
    ("audit", "path", "words"),
    [
        ({"enabled": True, "report_formats": ["JSON"]}, "$.audit.report_formats", "single Region"),
        ({"enabled": True, "min_retention_days": 0}, "$.audit.min_retention_days", "minimum"),
        ({"enabled": True, "frequency": "daily"}, "$.audit.frequency", "unknown field"),
        ({"report_formats": ["CSV"]}, "$.audit.enabled", "is required"),
        (
            {"enabled": True, "cross_region_copy_regions": ["a", "b", "c", "d"]},
            "$.audit.cross_region_copy_regions",
            "",
        ),
    ],
    ids=["json-across-regions", "zero-retention", "unknown-field", "no-enabled", "four-regions"],
)
def test_bad_audit_settings_are_refused_naming_the_field(
    audit: dict[str, Any], path: str, words: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(_data(**audit))

    issues = [issue for issue in raised.value.issues if issue.path.startswith(path)]
    assert issues, raised.value.issues
    assert words in issues[0].message


def test_a_target_region_without_the_framework_type_is_refused_only_when_audit_is_on() -> None:
    data = _data(enabled=True)
    data["target_regions"] = ["eu-west-1", "ca-west-1"]

    with pytest.raises(ConfigError) as raised:
        parse_config(data)

    messages = [i.message for i in raised.value.issues if i.path == "$.target_regions[1]"]
    assert any(
        "cannot take templates/audit-framework.yaml: resource type AWS::Backup::Framework" in m
        for m in messages
    ), raised.value.issues
    data.pop("audit")
    issues = []
    try:
        parse_config(data)
    except ConfigError as error:
        issues = [i for i in error.issues if "audit" in i.message]
    assert issues == []


def test_a_frequency_over_24_hours_is_refused() -> None:
    # AWS Config: requiredFrequencyValue is "Maximum of 24 for hours"
    # (https://docs.aws.amazon.com/config/latest/developerguide/backup-plan-min-frequency-and-min-retention-check.html).
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    data["audit"]["min_frequency_hours"] = 48
    with pytest.raises(ConfigError) as raised:
        parse_config(data, "config.yaml", ROOT)
    (issue,) = raised.value.issues
    assert issue.path == "$.audit.min_frequency_hours"
