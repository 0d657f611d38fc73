"""The ATTACH file format: the example loads as written (variables keyed as the engine wants,
Regions as a list or comma string, files resolved beside it); malformed fields are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from orgbackup.cli.attach_file import load_attachments
from orgbackup.cli.errors import InputFileError
from orgbackup.cli.org_file import load_org
from orgbackup.cli.placement import resolve_targets
from tests.cli.conftest import CENTRAL_VAULT, EXAMPLES


def test_the_example_loads_in_order_with_resolved_files() -> None:
    specs = load_attachments(EXAMPLES / "attachments.yaml")

    assert [s.name for s in specs] == [
        "org-daily-35",
        "prod-monthly-366",
        "dev-short-retention",
        "sandbox-weekly",
    ]
    daily, monthly, dev, _ = specs
    assert daily.file == EXAMPLES / "policies" / "org-daily.json"
    assert daily.file.is_file()
    assert daily.variables == {"${CentralVaultArn}": CENTRAL_VAULT}
    assert daily.regions == monthly.regions == ("us-east-1", "eu-west-1")
    assert dev.regions is None
    assert dev.variables == {}
    assert (daily.targets, dev.targets) == (("Root",), ("ou-ex12-dev00001",))
    assert (dev.source, dev.where) == (str(EXAMPLES / "attachments.yaml"), "policies[2]")


def test_targets_resolve_against_the_example_org() -> None:
    root = load_org(EXAMPLES / "org.yaml")
    specs = load_attachments(EXAMPLES / "attachments.yaml")

    resolved = [[n.path for n in resolve_targets(root, spec)] for spec in specs]

    assert resolved == [["Root"], ["Root/Workloads/Prod"], ["Root/Workloads/Dev"], ["Root/Sandbox"]]


@pytest.mark.parametrize(
    ("targets", "where", "message"),
    [
        ("[Root/Nowhere]", "policies[0].targets[0]", "no node has the path or id 'Root/Nowhere'"),
        ("[Root/Sandbox, Root/Sandbox]", "policies[0].targets[1]", "names Root/Sandbox again"),
        ("[ou-ex12-dev00001, Root/Workloads/Dev]", "policies[0].targets[1]", "again"),
    ],
)
def test_unknown_or_repeated_targets_are_refused(
    tmp_path: Path, targets: str, where: str, message: str
) -> None:
    attach = tmp_path / "attach.yaml"
    attach.write_text(f"policies:\n  - {{name: p, file: p.json, targets: {targets}}}\n")
    spec = load_attachments(attach)[0]

    with pytest.raises(InputFileError) as raised:
        resolve_targets(load_org(EXAMPLES / "org.yaml"), spec)

    assert (raised.value.file, raised.value.where) == (str(attach), where)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("entry", "where", "message"),
    [
        ("{file: p.json, targets: [Root]}", "policies[0]", "needs 'name'"),
        ("{name: p, targets: [Root]}", "policies[0]", "needs 'file'"),
        ("{name: p, file: p.json}", "policies[0]", "needs 'targets'"),
        ("{name: p, file: p.json, targets: []}", "policies[0].targets", "at least one node"),
        ("{name: p, file: p.json, targets: Root}", "policies[0].targets", "must be a list"),
        ("{name: p, file: p.json, targets: [Root], target: [x]}", "policies[0]", "'target'"),
        ("{name: p, file: p.json, targets: [Root], regions: ' , '}", "policies[0].regions", "no"),
        (
            "{name: p, file: p.json, targets: [Root], variables: [a]}",
            "policies[0].variables",
            "map",
        ),
        (
            "{name: p, file: p.json, targets: [Root], variables: {A: [1]}}",
            "policies[0].variables.A",
            "string or number",
        ),
        ("{name: '" + "n" * 129 + "', file: p.json, targets: [Root]}", "policies[0].name", "128"),
    ],
)
def test_malformed_entries_name_the_field(
    tmp_path: Path, entry: str, where: str, message: str
) -> None:
    attach = tmp_path / "attach.yaml"
    attach.write_text(f"policies:\n  - {entry}\n")

    with pytest.raises(InputFileError) as raised:
        load_attachments(attach)

    assert raised.value.where == where
    assert message in str(raised.value)


def test_two_policies_with_one_name_are_refused(tmp_path: Path) -> None:
    attach = tmp_path / "attach.yaml"
    attach.write_text(
        "policies:\n  - {name: p, file: a.json, targets: [Root]}\n"
        "  - {name: p, file: b.json, targets: [Root]}\n"
    )

    with pytest.raises(InputFileError, match=r"policies\[1\]: another policy is also named 'p'"):
        load_attachments(attach)


def test_numbers_are_accepted_as_variable_values(tmp_path: Path) -> None:
    attach = tmp_path / "attach.yaml"
    attach.write_text(
        "policies:\n  - {name: p, file: p.json, targets: [Root], variables: {Days: 35}}\n"
    )

    assert load_attachments(attach)[0].variables == {"${Days}": "35"}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "x" * 129}, "a policy name must be 1-128 characters, not 129"),
        ({"name": ""}, r"policies\[0\]\.name: must be a non-empty string"),
        (
            {"description": "d" * 513},
            "a policy description must be at most 512 characters, not 513",
        ),
    ],
)
def test_organizations_name_and_description_limits(
    tmp_path: Path, entry: dict[str, str], message: str
) -> None:
    policy = {"name": "Daily", "file": "daily.json", "targets": ["Root"], **entry}
    path = tmp_path / "attach.yaml"
    path.write_text(yaml.safe_dump({"policies": [policy]}))
    with pytest.raises(InputFileError, match=message):
        load_attachments(path)
