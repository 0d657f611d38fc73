"""AWS Backup jobs, recovery points and restore jobs for the emulator, on top of moto.backup.

``install()`` makes moto build ``ExtendedBackupBackend`` for every account and Region, sends
every backup route to ``ExtendedBackupResponse`` and adds the routes moto lacks.
"""

from __future__ import annotations

from moto.backup import urls as backup_urls
from moto.backup.models import backup_backends

from rehearsal.emulator.backup.events import (
    BACKUP_JOB_STATE_CHANGE,
    RESTORE_JOB_STATE_CHANGE,
    SOURCE,
)
from rehearsal.emulator.backup.models import ExtendedBackupBackend
from rehearsal.emulator.backup.responses import ExtendedBackupResponse

__all__ = [
    "BACKUP_JOB_STATE_CHANGE",
    "RESTORE_JOB_STATE_CHANGE",
    "ROUTES",
    "SOURCE",
    "ExtendedBackupBackend",
    "ExtendedBackupResponse",
    "install",
]

# Paths of the operations moto 5.2 does not route, as regexes in moto's url_paths style.
# ARN labels are ".+" because the server decodes "%2F" to "/". Trailing slashes are spelled
# out: the server drops "/?" from a rule, and a rule with such a label then 404s on the
# trailing slash of ListRecoveryPointsByResource.
ROUTES: tuple[str, ...] = (
    "{0}/backup-jobs$",
    "{0}/backup-jobs/$",
    "{0}/backup-jobs/(?P<backupJobId>[^/]+)$",
    "{0}/backup-vaults/(?P<backupVaultName>[^/]+)/recovery-points/$",
    "{0}/backup-vaults/(?P<backupVaultName>[^/]+)/recovery-points/(?P<recoveryPointArn>.+)$",
    "{0}/restore-jobs$",
    "{0}/restore-jobs/$",
    "{0}/restore-jobs/(?P<restoreJobId>[^/]+)$",
    "{0}/resources/(?P<resourceArn>.+)/recovery-points/$",
)

_MOTO_PATHS = tuple(backup_urls.url_paths)  # as moto routes them, before any extension


def install() -> None:
    """Patch moto's backup service; safe to call more than once.

    moto reads ``url_paths`` on every in-process request and when the server first builds
    the service's routes, so this must run before the server serves a backup request.
    """
    backup_backends.backend = ExtendedBackupBackend
    for account_backends in backup_backends.values():
        account_backends.backend = ExtendedBackupBackend
        for backend in account_backends.values():
            # Backends created before install keep their vaults and plans and gain job state.
            if not isinstance(backend, ExtendedBackupBackend):
                backend.__class__ = ExtendedBackupBackend
                backend.init_job_state()  # type: ignore[attr-defined]
    # Operations are chosen by the botocore model, not by the route, so one handler serves all.
    # Only moto's own paths and ours: a later extension's route (Region settings) must survive
    # a second install().
    for path in (*_MOTO_PATHS, *ROUTES):
        backup_urls.url_paths[path] = ExtendedBackupResponse.dispatch
