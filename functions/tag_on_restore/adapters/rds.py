"""RDS-style tagging, shared by RDS, Aurora, DocumentDB and Neptune (instances and clusters).

All four speak the RDS tagging API (ListTagsForResource / AddTagsToResource by ARN) and
authorize it with ``rds:`` IAM actions; only the boto3 client name differs.
"""

from __future__ import annotations

from collections.abc import Mapping

from tag_on_restore.adapters.base import Client, TagAdapter, gone_if, tag_dict, tag_list

__all__ = ["rds_family"]

_GONE = frozenset(
    {
        "DBInstanceNotFound",
        "DBInstanceNotFoundFault",
        "DBClusterNotFoundFault",
        "DBClusterNotFound",
    }
)


def read_tags(client: Client, arn: str) -> dict[str, str]:
    with gone_if(_GONE, arn):
        return tag_dict(client.list_tags_for_resource(ResourceName=arn)["TagList"])


def write_tags(client: Client, arn: str, tags: Mapping[str, str]) -> None:
    with gone_if(_GONE, arn):
        client.add_tags_to_resource(ResourceName=arn, Tags=tag_list(tags))


def rds_family(resource_type: str, service: str) -> TagAdapter:
    """The adapter for ``resource_type``, tagging through the ``service`` boto3 client."""
    return TagAdapter(
        resource_type,
        service,
        read_tags,
        write_tags,
        ("rds:ListTagsForResource", "rds:AddTagsToResource"),
    )
