"""Running one restore: the target service creates the resource, or the job fails.

Errors in the request (unknown recovery point, bad metadata) reach the StartRestoreJob
caller; a refusal by the target service (name taken, bucket missing) ends the job FAILED
with that service's message, as AWS reports it on the job.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from moto.core.exceptions import ServiceException
from moto.moto_api._internal import mock_random
from werkzeug.exceptions import HTTPException

from rehearsal.emulator.backup.exceptions import BackupError
from rehearsal.emulator.backup.records import RecoveryPoint, RestoreJob
from rehearsal.emulator.backup.resources import Arn, RestoreFailed, RestoreRequest, Scope, kind_for

__all__ = ["new_job_id", "now", "run_restore"]


def now() -> datetime:
    return datetime.now(UTC)


def new_job_id() -> str:
    # moto's seeded random, so `moto-api/seed` makes job ids repeatable.
    return str(mock_random.uuid4()).upper()


def _create(request: RestoreRequest) -> tuple[str | None, str | None]:
    """(created ARN, None), or (None, why the target service refused)."""
    kind = kind_for(Arn.parse(request.source.arn))
    try:
        return kind.restore(request), None
    except RestoreFailed as failure:
        return None, str(failure)
    except BackupError:
        raise
    except (HTTPException, ServiceException) as refused:
        return None, str(getattr(refused, "message", None) or refused)


def run_restore(
    point: RecoveryPoint,
    metadata: Mapping[str, str],
    iam_role_arn: str | None,
    copy_source_tags: bool,
    scope: Scope,
) -> RestoreJob:
    """Restore ``point`` into ``scope`` and return the finished (COMPLETED or FAILED) job.

    Only tags stored in the backup are copied, and only when ``copy_source_tags`` is set.
    """
    job_id, started = new_job_id(), now()
    tags = point.source.tags if copy_source_tags else {}
    created, message = _create(RestoreRequest(point.source, dict(metadata), tags, scope, job_id))
    finished = now()
    if created:
        point.last_restore_time = finished
    return RestoreJob(
        account_id=scope.account_id,
        restore_job_id=job_id,
        recovery_point_arn=point.recovery_point_arn,
        source_resource_arn=point.resource_arn,
        backup_vault_arn=point.backup_vault_arn,
        iam_role_arn=iam_role_arn or point.iam_role_arn,
        resource_type=point.resource_type,
        backup_size_in_bytes=point.backup_size_in_bytes,
        recovery_point_creation_date=point.creation_date,
        creation_date=started,
        completion_date=finished,
        status="COMPLETED" if created else "FAILED",
        created_resource_arn=created,
        status_message=message,
    )
