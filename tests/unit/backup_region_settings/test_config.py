"""A bad setting of the function reaches CloudFormation: FAILED with a real id and a Reason
naming the variable and its value, through the real handler (``rehearsal.cfn`` driver, emulator)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from backup_region_settings import app
from backup_region_settings.config import Settings, load_settings
from backup_region_settings.errors import ConfigurationError, failed_create_id
from backup_region_settings.snapshot import decode
from rehearsal.cfn import MAX_PHYSICAL_ID_BYTES, DriverFactory, FakeLambdaContext
from tests.unit.backup_region_settings.conftest import region_settings
from tests.unit.backup_region_settings.test_app import CONFIG, DEFAULTS, PROPS

Handler = Callable[[dict[str, Any], FakeLambdaContext], object]
REASON = "POWERTOOLS_LOG_LEVEL: 'verbose' must be one of DEBUG, INFO"


def _app_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """A fresh copy of ``app`` imported under ``env`` (the real module stays as it is)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("region_settings_app_under_test", app.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_settings_from_env() -> None:
    assert Settings.from_env({}) == Settings("INFO")
    assert Settings.from_env({"POWERTOOLS_LOG_LEVEL": " warning "}) == Settings("WARNING")
    with pytest.raises(ConfigurationError) as raised:
        Settings.from_env({"POWERTOOLS_LOG_LEVEL": "verbose"})
    assert str(raised.value).startswith(REASON)
    settings, error = load_settings({"POWERTOOLS_LOG_LEVEL": "verbose"})
    assert (settings, str(error)) == (Settings(), str(raised.value))


def test_failed_create_id_is_stable_short_and_never_a_snapshot() -> None:
    made = failed_create_id("L" * 300, "R" * 300)
    assert made == failed_create_id("L" * 300, "R" * 300)
    assert 0 < len(made.encode()) <= MAX_PHYSICAL_ID_BYTES
    assert decode(made) is None
    assert decode(failed_create_id("backup-region-settings", "us-east-1:a=1;b=0")) is None


def test_a_bad_setting_fails_create_with_a_real_id_and_changes_nothing(
    backup: Any, cfn_driver: DriverFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Powertools' Logger used to raise at import on this value: no answer at all.
    broken = _app_with(monkeypatch, POWERTOOLS_LOG_LEVEL="verbose")

    created = cfn_driver(broken.handler, CONFIG).create(PROPS)

    assert created.sequence == (
        ("request", "Create", "FAILED"),
        ("delete-after-failed-create", "Delete", "SUCCESS"),
    )
    assert created.reason.startswith(REASON)
    event = created.request.event
    physical_id = created.request.physical_resource_id
    assert physical_id == failed_create_id(event["LogicalResourceId"], event["RequestId"])
    assert created.follow_ups[0].event["PhysicalResourceId"] == physical_id
    assert region_settings(backup) == DEFAULTS


def test_a_bad_setting_fails_update_and_delete_and_changes_nothing(
    backup: Any, cfn_driver: DriverFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    serving: list[Handler] = [app.handler]
    driver = cfn_driver(lambda event, context: serving[-1](event, context), CONFIG)
    physical_id = driver.create(PROPS).physical_resource_id
    applied = region_settings(backup)
    assert applied != DEFAULTS
    serving.append(_app_with(monkeypatch, POWERTOOLS_LOG_LEVEL="verbose").handler)

    updated = driver.update({**PROPS, "OptInResourceTypes": "S3,Redshift"})
    assert updated.sequence == (("request", "Update", "FAILED"), ("rollback", "Update", "FAILED"))
    assert {done.physical_resource_id for done in updated.exchanges} == {physical_id}
    assert updated.reason.startswith(REASON)
    deleted = driver.delete()
    assert (deleted.status, deleted.request.physical_resource_id) == ("FAILED", physical_id)
    assert deleted.reason.startswith(REASON)
    assert region_settings(backup) == applied

    serving.append(app.handler)
    assert driver.delete().succeeded
    assert region_settings(backup) == DEFAULTS
