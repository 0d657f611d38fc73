"""``preview`` at scale: on a generated organization (bench/_org_generator.py) its text and JSON
are byte for byte what merging every account's chain from scratch gives (tests/cli/
preview_reference.py), while each distinct policy is parsed once and each distinct chain
merged once. No timings here: budgets live in bench/preview_scale.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backup_org_policy_manager.policy import EffectivePolicies, render, validate
from bench._org_generator import CENTRAL_ARN, GeneratedOrg, generate, write
from orgbackup.cli.attach_file import load_attachments
from orgbackup.cli.checked import check_policy, read_policy
from orgbackup.cli.org_file import MAX_OU_DEPTH, load_org
from orgbackup.cli.orgtree import Node, NodeIndex, find, walk
from orgbackup.cli.placement import Attached, Placement
from orgbackup.cli.preview_model import preview
from tests.cli.conftest import Run
from tests.cli.preview_reference import PolicyIssue, reference_json, reference_text

ACCOUNTS = 240


@pytest.fixture(scope="module")
def generated() -> GeneratedOrg:
    return generate(ACCOUNTS, seed=11)


@pytest.fixture(scope="module")
def files(generated: GeneratedOrg, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write(generated, tmp_path_factory.mktemp("org"))


def _reference_inputs(org: Path, attach: Path) -> tuple[Node, Placement, list[PolicyIssue]]:
    """The tree and placement built the slow way: every target found by walking the tree."""
    root = load_org(org)
    placement: Placement = {}
    issues: list[PolicyIssue] = []
    for spec in load_attachments(attach):
        checked = check_policy(read_policy(spec.file), spec.variables, spec.regions)
        issues += [(spec.name, str(spec.file), i.to_dict()) for i in checked.issues]
        if checked.content is None:
            continue
        for ref in spec.targets:
            chain = find(root, ref)
            assert chain is not None, ref
            placement.setdefault(chain[-1].key, []).append(Attached(spec.name, checked.content))
    return root, placement, issues


def test_text_is_byte_identical_to_merging_every_chain_from_scratch(
    cli: Run, files: tuple[Path, Path]
) -> None:
    org, attach = files
    result = cli("preview", "--org", org, "--attachments", attach)

    assert result.code == 0, result.err
    assert result.out == reference_text(*_reference_inputs(org, attach))
    assert f"{ACCOUNTS} account(s)" in result.out.splitlines()[-1]


def test_json_is_byte_identical_to_one_json_dumps_of_the_whole(
    cli: Run, files: tuple[Path, Path]
) -> None:
    org, attach = files
    result = cli("preview", "--org", org, "--attachments", attach, "--json")

    assert result.code == 0, result.err
    assert result.out == reference_json(*_reference_inputs(org, attach))
    document = json.loads(result.out)
    assert len(document["accounts"]) == ACCOUNTS
    assert document["ignored"]  # the generated organization has blocked operations


def test_account_prints_its_own_chain_with_its_id(cli: Run, files: tuple[Path, Path]) -> None:
    org, attach = files
    whole = json.loads(cli("preview", "--org", org, "--attachments", attach, "--json").out)
    for account in whole["accounts"][:: ACCOUNTS // 4]:
        one = cli("preview", "--org", org, "--attachments", attach, "--account", account["id"])
        assert json.loads(one.out) == account["effective"]
        assert f":{account['id']}:role/" in one.out


def test_each_policy_is_parsed_once_and_each_chain_merged_once(files: tuple[Path, Path]) -> None:
    root, placement, _ = _reference_inputs(*files)
    cache = EffectivePolicies()

    result = preview(root, placement, cache)

    chains = {
        tuple(tuple(a.content for a in placement.get(node.key, [])) for node in chain)
        for chain in walk(root)
        if chain[-1].kind == "account"
    }
    assert len(result.accounts) == ACCOUNTS
    assert len(cache) == len(chains) < ACCOUNTS // 4
    assert cache.parsed == len({a.content for level in placement.values() for a in level}) == 20


def test_the_index_finds_what_walking_finds(generated: GeneratedOrg, tmp_path: Path) -> None:
    org, _ = write(generated, tmp_path)
    root = load_org(org)
    index = NodeIndex(root)

    refs = [ref for chain in walk(root) for ref in (chain[-1].id, chain[-1].path) if ref]
    refs += ["/Root/Workloads/", " Root ", "Root/Nowhere", "ou-g3n0-99999999"]
    assert [index.find(ref) for ref in refs] == [find(root, ref) for ref in refs]


def test_the_generator_is_seeded_and_has_the_documented_shape(generated: GeneratedOrg) -> None:
    again = generate(ACCOUNTS, seed=11)
    other = generate(ACCOUNTS, seed=12)

    assert (again.org, again.attachments, again.policies) == (
        generated.org,
        generated.attachments,
        generated.policies,
    )
    assert other.org != generated.org
    assert generated.accounts == ACCOUNTS
    variables = {"${CentralVaultArn}": CENTRAL_ARN}
    sizes = [len(render(text, variables=variables)) for text in generated.policies.values()]
    assert len(sizes) == 20
    assert all(3_000 <= size <= 8_000 for size in sizes), sizes
    assert all(validate(render(t, variables=variables)) == [] for t in generated.policies.values())
    texts = "".join(generated.policies.values())
    for operator in ("@@append", "@@remove", "@@operators_allowed_for_child_policies"):
        assert operator in texts
    targets = [t for a in generated.attachments for t in a["targets"]]
    assert any(t.startswith("r-") for t in targets)
    assert any(t.startswith("ou-") for t in targets)
    assert any(t.isdigit() for t in targets)


def test_generated_ous_nest_five_levels(files: tuple[Path, Path]) -> None:
    root = load_org(files[0])
    depth = max(len(chain) - 1 for chain in walk(root) if chain[-1].kind == "ou")
    assert depth == MAX_OU_DEPTH
