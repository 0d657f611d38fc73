"""S3 buckets ("S3") in moto's S3 backend, current object versions included.

Restore metadata keys follow AWS: ``DestinationBucketName`` and ``NewBucket`` ("true"
creates the bucket). With no destination the objects go to a new, generated bucket.
"""

from __future__ import annotations

from moto.s3.models import FakeKey, S3Backend, s3_backends

from rehearsal.emulator.backup.resources.base import (
    Arn,
    ResourceKind,
    RestoreFailed,
    RestoreRequest,
    Scope,
    SourceSnapshot,
    not_found,
    tags_from_list,
)

__all__ = ["BUCKET"]


def _s3(scope: Scope) -> S3Backend:
    # S3 keeps one backend per account and partition, not per Region.
    return s3_backends[scope.account_id][scope.partition]


def snapshot_bucket(arn: Arn, scope: Scope) -> SourceSnapshot:
    s3 = _s3(scope)
    bucket = s3.buckets.get(arn.resource_id)
    if bucket is None:
        raise not_found(arn)
    objects = {name: key.value for name, key in bucket.keys.items() if isinstance(key, FakeKey)}
    tags = tags_from_list(s3.get_bucket_tagging(bucket.name)["Tags"])
    size = sum(len(value) for value in objects.values())
    payload = {"Objects": objects}
    return SourceSnapshot(str(arn), "S3", bucket.name, tags, size, {}, payload)


def restore_bucket(request: RestoreRequest) -> str:
    s3 = _s3(request.scope)
    destination = request.value("DestinationBucketName")
    new_bucket = request.flag("NewBucket", destination is None)
    name = (destination or request.generated_name()).lower()
    if new_bucket:
        s3.create_bucket(name, request.scope.region)
    elif name not in s3.buckets:
        raise RestoreFailed(f"Destination bucket {name} does not exist")
    objects: dict[str, bytes] = request.source.payload["Objects"]
    for key, value in objects.items():
        s3.put_object(name, key, value)
    if request.tags:
        # PutBucketTagging replaces the whole set; keep what an existing bucket already has.
        existing = tags_from_list(s3.get_bucket_tagging(name)["Tags"])
        s3.put_bucket_tagging(name, existing | dict(request.tags))
    return f"arn:{request.scope.partition}:s3:::{name}"


BUCKET = ResourceKind("s3", "", ("S3",), snapshot_bucket, restore_bucket)
