"""Merge, precedence, exclusions and the tag limit, as tables of (inputs, expected plan)."""

from __future__ import annotations

import pytest

from tag_on_restore.tags import TagPlan, batches, is_excluded, plan_tags, provenance_tags

PROV = {"p:restore-job-id": "job-1"}


@pytest.mark.parametrize(
    ("existing", "source", "point", "expected"),
    [
        pytest.param({}, {"a": "1"}, {"b": "2"}, TagPlan({"a": "1", "b": "2", **PROV}), id="union"),
        pytest.param(
            {}, {"a": "src"}, {"a": "rp"}, TagPlan({"a": "src", **PROV}), id="source-wins"
        ),
        pytest.param(
            {"a": "mine"},
            {"a": "src", "b": "2"},
            {},
            TagPlan({"b": "2", **PROV}, kept_existing=("a",)),
            id="existing-kept",
        ),
        pytest.param(
            {"a": "1", **PROV}, {"a": "1"}, {}, TagPlan({}), id="already-there-writes-nothing"
        ),
        pytest.param(
            {},
            {"aws:cloudformation:stack-name": "s", "AWS:Other": "x", "a": "1"},
            {},
            TagPlan({"a": "1", **PROV}, excluded=("AWS:Other", "aws:cloudformation:stack-name")),
            id="aws-keys-dropped",
        ),
    ],
)
def test_plan(
    existing: dict[str, str], source: dict[str, str], point: dict[str, str], expected: TagPlan
) -> None:
    assert plan_tags(existing, source, point, PROV) == expected


def test_provenance_wins_over_an_older_restore_recorded_in_source_tags() -> None:
    """A source that was itself restored carries the older restore's provenance tags."""
    plan = plan_tags({}, {"p:restore-job-id": "older-job"}, {}, PROV)

    assert plan.to_write == PROV


def test_overwrite_replaces_differing_values_without_using_slots() -> None:
    existing = {f"k{n}": "old" for n in range(50)}

    plan = plan_tags(existing, {"k0": "new", "extra": "x"}, {}, {}, overwrite=True)

    assert plan == TagPlan({"k0": "new"}, over_limit=("extra",))


def test_limit_keeps_source_then_point_then_provenance() -> None:
    existing = {"own": "1", "aws:ignored-for-limit": "x"}
    source = {"s1": "1", "s2": "2"}
    point = {"r1": "1", "r2": "2"}

    plan = plan_tags(existing, source, point, PROV, max_tags=4)

    assert plan == TagPlan({"s1": "1", "s2": "2", "r1": "1"}, over_limit=("r2", "p:restore-job-id"))


def test_system_tags_take_slots_where_the_service_counts_them() -> None:
    """S3: the bucket's aws: tags are sent back in the PutBucketTagging set, within its 50."""
    existing = {"own": "1", "aws:cloudformation:stack-name": "x"}
    source = {"s1": "1", "s2": "2", "s3": "3"}

    plan = plan_tags(existing, source, {}, {}, max_tags=4, count_reserved=True)

    assert plan == TagPlan({"s1": "1", "s2": "2"}, over_limit=("s3",))


def test_resource_already_at_the_limit_gets_nothing_new() -> None:
    plan = plan_tags({f"k{n}": "v" for n in range(50)}, {"a": "1"}, {}, {})

    assert plan == TagPlan({}, over_limit=("a",))


def test_configured_exclusions_exact_and_prefix() -> None:
    plan = plan_tags({}, {"owner": "o", "owner2": "o", "cost:a": "1", "keep": "k"}, {}, {},
                     excluded={"owner", "cost:*"})  # fmt: skip

    assert plan == TagPlan({"keep": "k", "owner2": "o"}, excluded=("cost:a", "owner"))


@pytest.mark.parametrize(
    ("key", "patterns", "expected"),
    [
        ("aws:x", (), True),
        ("Aws:x", (), True),
        ("awsome", (), False),
        ("team", ("team",), True),
        ("team2", ("team",), False),
        ("team:a", ("team:*",), True),
        ("anything", ("*",), True),
    ],
)
def test_is_excluded(key: str, patterns: tuple[str, ...], expected: bool) -> None:
    assert is_excluded(key, patterns) is expected


def test_provenance_tags_leave_out_unknown_values() -> None:
    assert provenance_tags("x:", "job", None, "arn:src") == {
        "x:restore-job-id": "job",
        "x:source-resource-arn": "arn:src",
    }


def test_batches_keep_order_and_size() -> None:
    tags = {f"k{n}": str(n) for n in range(5)}

    assert batches(tags, 2) == [{"k0": "0", "k1": "1"}, {"k2": "2", "k3": "3"}, {"k4": "4"}]
    assert batches({}, 2) == []
