"""S3 PutBucketTagging with the bucket's ``aws:`` system tags, as S3 checks them.

A bucket made by CloudFormation carries ``aws:cloudformation:*`` tags. PutBucketTagging
replaces the whole set, so S3 wants those keys sent back unchanged: a set that drops one is
refused ("System tags cannot be removed by requester"), one that adds or changes one too
("System tags cannot be added/updated by requester"); both are InvalidTag. moto refuses every
``aws:`` key, so a caller that does the right thing fails. ``install()`` replaces moto's body
parser with one that compares the ``aws:`` keys with the bucket's.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree

from moto.s3.exceptions import S3ClientError
from moto.s3.responses import S3Response

__all__ = ["SystemTagsChanged", "install", "system_tags_problem"]

RESERVED = "aws:"


class SystemTagsChanged(S3ClientError):
    """InvalidTag: the set sent does not carry the bucket's ``aws:`` tags unchanged."""

    def __init__(self, message: str) -> None:
        super().__init__("InvalidTag", message)


def _system(tags: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in tags.items() if key.lower().startswith(RESERVED)}


def system_tags_problem(current: dict[str, str], sent: dict[str, str]) -> str | None:
    """S3's message when ``sent`` does not keep the ``aws:`` tags of ``current``, else None."""
    have, want = _system(current), _system(sent)
    if any(key not in want for key in have):
        return "System tags cannot be removed by requester"
    if want != have:
        return "System tags cannot be added/updated by requester"
    return None


_original: Callable[[S3Response], dict[str, str]] | None = None


def _bucket_tagging_from_body(self: S3Response) -> dict[str, str]:
    root = ElementTree.fromstring(self.body)
    sent = {
        tag.findtext("{*}Key") or "": tag.findtext("{*}Value") or ""
        for tag in root.iterfind(".//{*}Tag")
    }
    current = self.backend.get_bucket_tagging(self.bucket_name)["Tags"]
    problem = system_tags_problem({t["Key"]: t["Value"] for t in current}, sent)
    if problem:
        raise SystemTagsChanged(problem)
    if not _system(sent):
        assert _original is not None, "install() has not run"
        return _original(self)  # moto's own checks (duplicate keys) on a user-only set
    return sent


def install() -> None:
    """Patch moto's S3 response class; safe to call more than once."""
    global _original
    if _original is None:
        _original = S3Response._bucket_tagging_from_body
    S3Response._bucket_tagging_from_body = _bucket_tagging_from_body  # type: ignore[method-assign]
