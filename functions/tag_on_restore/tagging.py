"""Tag the resource a restore job created (and its related resources) with merged tags.

Reads the created resource's tags, then the source's and the recovery point's
(``sources.py``). Writes only what changes, so a repeated event writes nothing. Returns what it did;
the handler turns that into logs and metrics.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from tag_on_restore.adapters import ADAPTERS, TagAdapter
from tag_on_restore.clients import ClientFactory
from tag_on_restore.config import Config
from tag_on_restore.errors import ResourceGoneError
from tag_on_restore.restore_job import RestoreJob
from tag_on_restore.sources import SourceRead, recovery_point_tags, source_tags
from tag_on_restore.tags import TagPlan, batches, plan_tags, provenance_tags

__all__ = ["ResourceResult", "RestoreOutcome", "tag_restore"]

logger = logging.getLogger(__name__)

Status = Literal["tagged", "unchanged", "skipped"]


@dataclass(frozen=True, slots=True)
class ResourceResult:
    """One tagged resource: its ARN and the plan that was written."""

    arn: str
    plan: TagPlan


@dataclass(frozen=True, slots=True)
class RestoreOutcome:
    """What tagging one restore job did; ``reason`` says why it was skipped, or "in_place"
    for a restore into its own source."""

    restore_job_id: str
    resource_type: str
    status: Status
    resources: tuple[ResourceResult, ...] = ()
    reason: str | None = None
    source_tags_found: bool = False
    recovery_point_tags_found: bool = False
    source_tags_refused: bool = False

    @property
    def tags_written(self) -> int:
        return sum(len(result.plan.to_write) for result in self.resources)

    @property
    def tags_over_limit(self) -> int:
        return sum(len(result.plan.over_limit) for result in self.resources)


@dataclass(frozen=True, slots=True)
class WantedTags:
    """The tags every restored resource of one job should get, by origin."""

    source: Mapping[str, str]
    recovery_point: Mapping[str, str]
    provenance: Mapping[str, str]


def _apply(
    adapter: TagAdapter,
    clients: ClientFactory,
    arn: str,
    wanted: WantedTags,
    config: Config,
    existing: Mapping[str, str] | None = None,
) -> ResourceResult:
    client = clients(adapter.service)
    plan = plan_tags(
        adapter.read_tags(client, arn) if existing is None else existing,
        wanted.source,
        wanted.recovery_point,
        wanted.provenance,
        excluded=config.excluded_tag_keys,
        overwrite=config.overwrite_existing_tags,
        max_tags=adapter.max_tags,
        count_reserved=adapter.counts_reserved,
    )
    for batch in batches(plan.to_write, adapter.batch_size):
        adapter.write_tags(client, arn, batch)
    return ResourceResult(arn, plan)


def _related(
    adapter: TagAdapter, clients: ClientFactory, job: RestoreJob, wanted: WantedTags, config: Config
) -> tuple[ResourceResult, ...]:
    if adapter.related is None:
        return ()
    results = []
    for kind, arn in adapter.related(clients(adapter.service), job.created_resource_arn):
        try:
            results.append(_apply(ADAPTERS[kind], clients, arn, wanted, config))
        except ResourceGoneError:
            logger.info("related resource no longer exists", extra={"arn": arn})
    return tuple(results)


def _provenance(job: RestoreJob, config: Config) -> dict[str, str]:
    if not config.provenance_tags:
        return {}
    return provenance_tags(
        config.provenance_tag_prefix,
        job.restore_job_id,
        job.recovery_point_arn,
        job.source_resource_arn,
    )


def tag_restore(job: RestoreJob, config: Config, clients: ClientFactory) -> RestoreOutcome:
    """Give the resource ``job`` created (and its related resources) the merged tags.

    Raises
    ------
    botocore.exceptions.ClientError
        On a real failure (access denied, throttling after retries), so the event is retried.
    """
    adapter = ADAPTERS.get(job.resource_type)
    if adapter is None:
        return RestoreOutcome(
            job.restore_job_id, job.resource_type, "skipped", reason="unsupported"
        )
    provenance = _provenance(job, config)
    in_place = job.source_resource_arn == job.created_resource_arn
    # Restored into its own source: its tags are the source's already. Only provenance is
    # added, and only when configured (TAG_IN_PLACE_RESTORES); nothing else is written.
    if in_place and not (config.tag_in_place_restores and provenance):
        return RestoreOutcome(job.restore_job_id, job.resource_type, "skipped", reason="in_place")
    try:
        existing = adapter.read_tags(clients(adapter.service), job.created_resource_arn)
    except ResourceGoneError:
        return RestoreOutcome(job.restore_job_id, job.resource_type, "skipped", reason="gone")
    if in_place:
        read, point = SourceRead(None), None
        wanted = WantedTags({}, {}, provenance)
    else:
        read = source_tags(adapter, clients, job)
        point = recovery_point_tags(clients, job.recovery_point_arn)
        wanted = WantedTags(read.tags or {}, point or {}, provenance)
    try:
        primary = _apply(adapter, clients, job.created_resource_arn, wanted, config, existing)
    except ResourceGoneError:  # deleted between our read and our write
        return RestoreOutcome(job.restore_job_id, job.resource_type, "skipped", reason="gone")
    results = (primary, *_related(adapter, clients, job, wanted, config))
    status: Status = "tagged" if any(result.plan.to_write for result in results) else "unchanged"
    return RestoreOutcome(
        job.restore_job_id,
        job.resource_type,
        status,
        results,
        reason="in_place" if in_place else None,
        source_tags_found=read.tags is not None,
        recovery_point_tags_found=point is not None,
        source_tags_refused=read.refused,
    )
