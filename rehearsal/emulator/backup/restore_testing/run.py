"""Running a restore test on demand: what AWS does at each scheduled start of a plan.

For every selection of the plan the emulator chooses recovery points (``choice.py``) and starts
one restore job for each through the ordinary restore path (the resource is really created),
with the recovery point's inferred metadata, the selection's RestoreMetadataOverrides over it
(keys are not case sensitive) and the selection's IamRoleArn. The job carries
``CreatedBy.RestoreTestingPlanArn`` and its "Restore Job State Change" event
``restoreTestingPlanArn``. Emulator-only: AWS has no API that starts a restore test.
https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from moto.moto_api._internal import mock_random

from rehearsal.emulator.backup.restore_testing.choice import choose_recovery_points
from rehearsal.emulator.backup.restore_testing.plans import RestoreTestingBackend
from rehearsal.emulator.backup.restores import now

__all__ = ["inferred_names", "merge_overrides", "run_restore_testing"]

# What restore testing names the resources it creates: "a random value starting with
# awsbackup-restore-test-" (per type, the metadata key that takes the name).
# https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
NAME_PREFIX = "awsbackup-restore-test-"
_NAME_KEYS = {
    "DynamoDB": "targetTableName",
    "S3": "DestinationBucketName",
    "RDS": "DBInstanceIdentifier",
    "Aurora": "DBClusterIdentifier",
    "DocumentDB": "DBClusterIdentifier",
    "Neptune": "DBClusterIdentifier",
}


def inferred_names(resource_type: str, rng: random.Random) -> dict[str, str]:
    """The generated name restore testing gives a restored resource of ``resource_type``."""
    key = _NAME_KEYS.get(resource_type)
    suffix = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))
    return {key: NAME_PREFIX + suffix} if key else {}


def merge_overrides(inferred: Mapping[str, str], overrides: Mapping[str, str]) -> dict[str, str]:
    """``overrides`` over ``inferred``; an override of an inferred key spelled in another case
    keeps the inferred spelling, the one the restore reads."""
    spelling = {key.lower(): key for key in inferred}
    merged = dict(inferred)
    for key, value in overrides.items():
        merged[spelling.get(key.lower(), key)] = value
    return merged


def run_restore_testing(
    account_id: str, region: str, plan_name: str, rng: random.Random = mock_random
) -> list[str]:
    """Run one restore test of ``plan_name`` now; return the ids of the restore jobs started.

    A selection that matches no recovery point starts no job (as in AWS, nothing to test).
    ``rng`` picks RANDOM_WITHIN_WINDOW points; moto's seeded one by default.

    Raises
    ------
    ResourceNotFoundException
        If the plan does not exist in that account and Region.
    """
    testing = RestoreTestingBackend(account_id, region)
    plan = testing.plan(plan_name)
    started, job_ids = now(), []
    for selection in testing.selections_of(plan_name):
        points = choose_recovery_points(
            list(testing.backup.recovery_points.values()),
            plan.recovery_point_selection,
            selection,
            started,
            rng,
        )
        for point in points:
            inferred = {**point.source.restore_metadata, **inferred_names(point.resource_type, rng)}
            metadata = merge_overrides(inferred, selection.restore_metadata_overrides or {})
            job = testing.backup.start_restore_job(
                recovery_point_arn=point.recovery_point_arn,
                metadata=metadata,
                iam_role_arn=selection.iam_role_arn,
                created_by={"RestoreTestingPlanArn": plan.restore_testing_plan_arn},
            )
            testing.state.job_metadata[job.restore_job_id] = metadata
            job_ids.append(job.restore_job_id)
    plan.last_execution_time = started
    return job_ids
