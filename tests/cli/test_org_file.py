"""The ORG file format: the example loads into the expected tree; every malformed field is
refused with the file and the field's path."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgbackup.cli.errors import InputFileError
from orgbackup.cli.org_file import load_org
from orgbackup.cli.orgtree import Node, find, walk
from tests.cli.conftest import EXAMPLES


def test_the_example_loads_in_file_order_with_paths_and_ids() -> None:
    root = load_org(EXAMPLES / "org.yaml")

    listed = [(chain[-1].kind, chain[-1].path, chain[-1].id) for chain in walk(root)]
    assert listed == [
        ("root", "Root", "r-ex12"),
        ("ou", "Root/Security", "ou-ex12-security1"),
        ("account", "Root/Security/central-backup", "222222222222"),
        ("ou", "Root/Workloads", "ou-ex12-workload1"),
        ("ou", "Root/Workloads/Prod", "ou-ex12-prod0001"),
        ("account", "Root/Workloads/Prod/payments-prod", "333333333333"),
        ("account", "Root/Workloads/Prod/ledger-prod", "333333333334"),
        ("ou", "Root/Workloads/Dev", "ou-ex12-dev00001"),
        ("account", "Root/Workloads/Dev/payments-dev", "444444444444"),
        ("ou", "Root/Sandbox", None),
        ("account", "Root/Sandbox/experiments", "555555555555"),
        ("account", "Root/management", "111111111111"),
    ]


def test_nodes_are_found_by_path_or_id_and_an_ou_without_id_by_its_path() -> None:
    root = load_org(EXAMPLES / "org.yaml")

    by_path = find(root, "Root/Workloads/Dev/")
    by_id = find(root, "ou-ex12-dev00001")
    sandbox = find(root, "Root/Sandbox")

    assert by_path is not None
    assert by_path == by_id
    assert [n.name for n in by_path] == ["Root", "Workloads", "Dev"]
    assert sandbox is not None
    assert sandbox[-1].key == "Root/Sandbox"
    assert find(root, "Root/Nowhere") is None


def _nested(depth: int) -> str:
    text, indent = "root:\n", "  "
    for level in range(depth):
        text += f"{indent}ous:\n{indent}  - name: L{level}\n"
        indent += "    "
    return text


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("[]", "(top level)", "must be a mapping"),
        ("org: {}", "(top level)", "unknown key 'org'"),
        ("{}", "(top level)", "needs a 'root' key"),
        ("root: {id: x-1}", "root.id", "'x-1' is not a root id"),
        ("root: {ous: [{id: ou-ab12-abcdefgh}]}", "root.ous[0]", "an OU needs a 'name'"),
        ("root: {ous: [{name: A, id: ou-1}]}", "root.ous[0].id", "is not an OU id"),
        ("root: {ous: [{name: A}, {name: A}]}", "root.ous[1]", "also named 'A'"),
        ("root: {ous: [{name: A/B}]}", "root.ous[0].name", "cannot contain '/'"),
        ("root: {accounts: [{name: a}]}", "root.accounts[0]", "needs 'id'"),
        ("root: {accounts: [{name: a, id: 123456789012}]}", "root.accounts[0].id", "quote it"),
        ("root: {accounts: [{name: a, id: '1234'}]}", "root.accounts[0].id", "12-digit"),
        ("root: {accounts: [{name: a, id: '1', email: e}]}", "root.accounts[0]", "'email'"),
        ("root: {accounts: {name: a}}", "root.accounts", "must be a list"),
        (
            "root: {accounts: [{name: a, id: '111111111111'}, {name: b, id: '111111111111'}]}",
            "Root/b",
            "also Root/a",
        ),
        (_nested(6), "root.ous[0].ous[0].ous[0].ous[0].ous[0].ous", "at most 5 levels"),
        ("root: [unclosed", "", "not valid YAML or JSON"),
    ],
)
def test_malformed_files_name_the_file_and_field(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    file = tmp_path / "org.yaml"
    file.write_text(text)

    with pytest.raises(InputFileError) as raised:
        load_org(file)

    assert raised.value.file == str(file)
    assert raised.value.where == where
    assert message in str(raised.value)


def test_five_levels_of_ous_are_allowed_and_json_is_accepted(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text(_nested(5))
    as_json = tmp_path / "org.json"
    as_json.write_text('{"root": {"accounts": [{"name": "a", "id": "123456789012"}]}}')

    chains = list(walk(load_org(deep)))
    root = load_org(as_json)

    assert chains[-1][-1].path == "Root/L0/L1/L2/L3/L4"
    assert root.children == (Node("account", "a", "Root/a", "123456789012"),)


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="cannot read"):
        load_org(tmp_path / "missing.yaml")
