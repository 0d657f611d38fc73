"""Redshift provisioned clusters ("Redshift")."""

from __future__ import annotations

from collections.abc import Mapping

from tag_on_restore.adapters.base import Client, TagAdapter, gone_if, tag_list

__all__ = ["REDSHIFT"]

_GONE = frozenset({"ResourceNotFoundFault", "ClusterNotFound", "ClusterNotFoundFault"})


def read_tags(redshift: Client, arn: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    with gone_if(_GONE, arn):
        for page in redshift.get_paginator("describe_tags").paginate(ResourceName=arn):
            tags |= {item["Tag"]["Key"]: item["Tag"]["Value"] for item in page["TaggedResources"]}
    return tags


def write_tags(redshift: Client, arn: str, tags: Mapping[str, str]) -> None:
    with gone_if(_GONE, arn):
        redshift.create_tags(ResourceName=arn, Tags=tag_list(tags))


REDSHIFT = TagAdapter(
    "Redshift", "redshift", read_tags, write_tags, ("redshift:DescribeTags", "redshift:CreateTags")
)
