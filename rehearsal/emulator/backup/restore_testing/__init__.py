"""AWS Backup restore testing for the emulator: plans, selections, validation results, and a
restore test run on demand (AWS runs them on the plan's schedule; the emulator has no clock).

``install()`` routes the restore testing paths to ``RestoreTestingResponse`` and adds the
emulator-only moto-api route that runs a test (``control.py``). Install after
``rehearsal.emulator.backup``, whose ``install()`` re-routes the backup paths it knows.
"""

from __future__ import annotations

from moto.backup import urls as backup_urls
from moto.moto_api._internal import urls as moto_api_urls

from rehearsal.emulator.backup.restore_testing.choice import choose_recovery_points
from rehearsal.emulator.backup.restore_testing.control import (
    ROUTE,
    request_restore_test,
    run_route,
)
from rehearsal.emulator.backup.restore_testing.jobs import VALIDATION_STATUSES
from rehearsal.emulator.backup.restore_testing.plans import RestoreTestingBackend
from rehearsal.emulator.backup.restore_testing.responses import RestoreTestingResponse
from rehearsal.emulator.backup.restore_testing.run import run_restore_testing

__all__ = [
    "ROUTES",
    "VALIDATION_STATUSES",
    "RestoreTestingBackend",
    "RestoreTestingResponse",
    "choose_recovery_points",
    "install",
    "request_restore_test",
    "run_restore_testing",
]

_PLAN = "(?P<RestoreTestingPlanName>[^/]+)"
ROUTES: tuple[str, ...] = (
    "{0}/restore-testing/plans$",
    "{0}/restore-testing/plans/" + _PLAN + "$",
    "{0}/restore-testing/plans/" + _PLAN + "/selections$",
    "{0}/restore-testing/plans/" + _PLAN + "/selections/(?P<RestoreTestingSelectionName>[^/]+)$",
    "{0}/restore-testing/inferred-metadata$",
    "{0}/restore-jobs/(?P<restoreJobId>[^/]+)/validations$",
    "{0}/restore-jobs/(?P<restoreJobId>[^/]+)/metadata$",
)


def install() -> None:
    """Route the restore testing operations and the run route (idempotent)."""
    for path in ROUTES:
        backup_urls.url_paths[path] = RestoreTestingResponse.dispatch
    moto_api_urls.url_paths[ROUTE] = run_route
