"""Settings from the environment, the Reason length/shape rules of the errors, and a bad
setting reaching CloudFormation through the real handler (``rehearsal.cfn`` driver, emulator)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

from backup_org_policy_manager import app
from backup_org_policy_manager.clients import clear_caches
from backup_org_policy_manager.config import Settings, load_settings
from backup_org_policy_manager.errors import (
    ConfigurationError,
    NotOwnedError,
    PolicyContentError,
    TargetError,
    failed_create_id,
    shorten,
)
from backup_org_policy_manager.lifecycle import is_policy_id
from backup_org_policy_manager.policy import Issue
from rehearsal.cfn import MAX_PHYSICAL_ID_BYTES, DriverFactory, FakeLambdaContext
from tests.integration.backup_org_policy_manager.conftest import make_org
from tests.integration.backup_org_policy_manager.policies import properties


def test_defaults_and_overrides() -> None:
    assert Settings.from_env({}) == Settings()
    env = {
        "RETRY_BASE_DELAY_SECONDS": "0.5",
        "RETRY_MAX_DELAY_SECONDS": "4",
        "RESPONSE_MARGIN_SECONDS": " 6 ",
    }
    assert Settings.from_env(env) == Settings(0.5, 4.0, 6.0)
    assert Settings.from_env({"POWERTOOLS_LOG_LEVEL": "debug"}).log_level == "DEBUG"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RETRY_BASE_DELAY_SECONDS": "soon"},
         "RETRY_BASE_DELAY_SECONDS: 'soon' is not a number of seconds"),
        ({"RESPONSE_MARGIN_SECONDS": "-1"},
         "RESPONSE_MARGIN_SECONDS: '-1' must be a finite number"),
        ({"RETRY_MAX_DELAY_SECONDS": "inf"}, "RETRY_MAX_DELAY_SECONDS: 'inf' must be a finite"),
        ({"RETRY_BASE_DELAY_SECONDS": "5", "RETRY_MAX_DELAY_SECONDS": "1"},
         "RETRY_MAX_DELAY_SECONDS: '1' must be at least RETRY_BASE_DELAY_SECONDS (5)"),
        ({"POWERTOOLS_LOG_LEVEL": "verbose"}, "POWERTOOLS_LOG_LEVEL: 'verbose' must be one of"),
    ],
)  # fmt: skip
def test_bad_settings_name_the_variable_and_value(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Settings.from_env(env)
    assert str(raised.value).startswith(message)
    assert str(raised.value).endswith("(environment variable of the function)")
    settings, error = load_settings(env)
    assert (settings, str(error)) == (Settings(), str(raised.value))


def test_failed_create_id_is_stable_short_and_no_policy_id() -> None:
    made = failed_create_id("L" * 300, "R" * 300)
    assert made == failed_create_id("L" * 300, "R" * 300)
    assert 0 < len(made.encode()) <= MAX_PHYSICAL_ID_BYTES
    assert not is_policy_id(made)
    assert not is_policy_id(failed_create_id("p", "12345678"))


def test_shorten_keeps_the_start_and_fits() -> None:
    assert shorten("a  b\nc") == "a b c"
    long = "PolicyTargets ou-x: " + "y" * 400
    assert len(shorten(long)) == 255
    assert shorten(long).startswith("PolicyTargets ou-x: ")


def test_content_error_reason_is_short_and_counts_the_rest() -> None:
    issues = [Issue("P304", ("plans", "p" * 300, "rules"), "too short")] + [
        Issue("P100", (), "x")
    ] * 3
    reason = str(PolicyContentError(issues))
    assert reason.startswith("PolicyContent $.plans")
    assert reason.endswith("(+3 more)")
    assert len(reason) <= 255


def test_target_and_ownership_errors_name_what_is_at_fault() -> None:
    error = TargetError("AttachPolicy", "ConstraintViolationException", "MAX: too many", "ou-a-b")
    assert (
        str(error)
        == "PolicyTargets ou-a-b: AttachPolicy failed: ConstraintViolationException (MAX: too many)"
    )
    assert error.target_id == "ou-a-b"
    assert str(NotOwnedError("p-12345678")).startswith(
        "PhysicalResourceId: policy p-12345678 is not"
    )


# --- a bad setting, end to end -------------------------------------------------------------


def _app_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """A fresh copy of ``app`` imported under ``env`` (the real module stays as it is)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("policy_manager_app_under_test", app.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


Handler = Callable[[dict[str, Any], FakeLambdaContext], object]


@pytest.fixture(autouse=True)
def _fresh_clients() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"RETRY_BASE_DELAY_SECONDS": "soon"},
         "RETRY_BASE_DELAY_SECONDS: 'soon' is not a number of seconds"),
        # Powertools' Logger used to raise at import on this one: no answer at all.
        ({"POWERTOOLS_LOG_LEVEL": "verbose"}, "POWERTOOLS_LOG_LEVEL: 'verbose' must be one of"),
    ],
)  # fmt: skip
def test_a_bad_setting_fails_create_with_a_real_id_and_the_reason(
    aws: None,
    cfn_driver: DriverFactory,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    reason: str,
) -> None:
    org = make_org()
    ou = org.add_ous(1)[0]
    before = org.snapshot()
    broken = _app_with(monkeypatch, **env)

    created = cfn_driver(broken.handler).create(properties([ou]))

    assert created.sequence == (
        ("request", "Create", "FAILED"),
        ("delete-after-failed-create", "Delete", "SUCCESS"),
    )
    assert created.reason.startswith(reason)
    event = created.request.event
    physical_id = created.request.physical_resource_id
    assert physical_id == failed_create_id(event["LogicalResourceId"], event["RequestId"])
    assert created.follow_ups[0].event["PhysicalResourceId"] == physical_id
    assert org.snapshot() == before


def test_a_bad_setting_fails_update_and_delete_of_a_real_policy_and_changes_nothing(
    aws: None, cfn_driver: DriverFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The function's settings broken after a Create: every request that would touch the
    policy answers FAILED with its own id and the reason; fixing the setting lets Delete finish."""
    org = make_org()
    ou, other = org.add_ous(2)
    serving: list[Handler] = [app.handler]
    driver = cfn_driver(lambda event, context: serving[-1](event, context))
    policy_id = driver.create(properties([ou])).physical_resource_id
    assert policy_id is not None
    assert is_policy_id(policy_id)
    before = org.snapshot()
    serving.append(_app_with(monkeypatch, RETRY_BASE_DELAY_SECONDS="soon").handler)

    updated = driver.update(properties([ou, other], PolicyDescription="changed"))
    assert updated.sequence == (("request", "Update", "FAILED"), ("rollback", "Update", "FAILED"))
    assert {done.physical_resource_id for done in updated.exchanges} == {policy_id}
    assert updated.reason.startswith("RETRY_BASE_DELAY_SECONDS: 'soon'")
    deleted = driver.delete()
    assert (deleted.status, deleted.request.physical_resource_id) == ("FAILED", policy_id)
    assert deleted.reason.startswith("RETRY_BASE_DELAY_SECONDS: 'soon'")
    assert org.snapshot() == before

    serving.append(app.handler)
    assert driver.delete().succeeded
    assert org.policies() == []
