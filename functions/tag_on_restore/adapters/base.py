"""The contract every tag adapter meets, and the small helpers adapters share.

An adapter reads and writes the tags of one AWS Backup resource type through its service's
boto3 client; merging and limits live in ``tags.py``. Adapters are the boto3 edge: they
turn "resource not found" error codes into ``ResourceGoneError`` and let the rest raise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from tag_on_restore.errors import ResourceGoneError

__all__ = [
    "Client",
    "Related",
    "TagAdapter",
    "gone_if",
    "resource_id",
    "tag_dict",
    "tag_list",
]

Client = Any  # a boto3 client: untyped at this edge
ReadTags = Callable[[Client, str], dict[str, str]]
WriteTags = Callable[[Client, str, Mapping[str, str]], None]
# (ResourceType of the related resource, its ARN), e.g. ("EBS", volume ARN) for an instance.
Related = Callable[[Client, str], tuple[tuple[str, str], ...]]


@dataclass(frozen=True, slots=True)
class TagAdapter:
    """How to read and write the tags of one AWS Backup ``ResourceType``.

    ``read_tags`` and ``write_tags`` take the client of ``service`` and the resource's ARN;
    ``related`` names other resources restored with it that must carry the same tags;
    ``iam_actions`` are exactly the IAM actions the calls need (the template grants them);
    ``counts_reserved``: the resource's ``aws:`` tags count towards ``max_tags``.
    """

    resource_type: str
    service: str
    read_tags: ReadTags
    write_tags: WriteTags
    iam_actions: tuple[str, ...]
    max_tags: int = 50
    batch_size: int = 50
    related: Related | None = None
    counts_reserved: bool = False


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """``{k: v}`` -> ``[{"Key": k, "Value": v}]``, the shape most services take."""
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def tag_dict(tags: list[dict[str, str]] | None) -> dict[str, str]:
    """``[{"Key": k, "Value": v}]`` -> ``{k: v}``."""
    return {tag["Key"]: tag["Value"] for tag in tags or []}


def resource_id(arn: str) -> str:
    """The last segment of an ARN's resource part: ``vol-1`` of ``...:volume/vol-1``."""
    resource = arn.split(":", 5)[-1]
    return resource.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


@contextmanager
def gone_if(codes: frozenset[str], arn: str) -> Iterator[None]:
    """Turn a ``ClientError`` whose code is in ``codes`` into ``ResourceGoneError(arn)``."""
    try:
        yield
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in codes:
            raise ResourceGoneError(arn) from error
        raise
