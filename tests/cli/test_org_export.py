"""``org export`` against the emulator server: the ORG and ATTACH files it writes, read back by
``preview --org --attachments``, give exactly what ``preview --from-aws`` gives, with only
read-only Organizations calls."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
import yaml

from orgbackup.cli.attach_file import load_attachments
from tests.cli.calls import assert_read_only, count_organizations_calls
from tests.cli.conftest import EXAMPLES, Run
from tests.cli.emulated_org import create_policy, deploy_examples


def test_the_export_previews_like_the_live_organization(
    emulator_endpoint: str, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = boto3.client("organizations")
    ids = deploy_examples(client)
    create_policy(client, "attached-nowhere", '{"plans": {}}', [])
    calls = count_organizations_calls(monkeypatch)

    exported = cli("org", "export", "--out", tmp_path / "org.yaml")

    assert exported.code == 0, exported.err
    assert_read_only(calls)
    assert "1 backup policy(ies) attached nowhere were left out" in exported.err
    attach = tmp_path / "org.attachments.yaml"
    for view in (["--json"], [], ["--summary"]):
        live = cli("preview", "--from-aws", *view)
        from_files = cli("preview", "--org", tmp_path / "org.yaml", "--attachments", attach, *view)
        assert (from_files.code, from_files.out) == (live.code, live.out), view
    previewed = json.loads(cli("preview", "--from-aws", "--json").out)["accounts"]
    assert ids["Root/Workloads/Prod/payments-prod"] in {a["id"] for a in previewed}
    org_text = (tmp_path / "org.yaml").read_text()
    assert org_text.count("id: '") == len(previewed)  # account ids quoted, for any YAML reader
    written = yaml.safe_load(attach.read_text())
    names = [p["name"] for p in written["policies"]]
    assert sorted(names) == sorted(s.name for s in load_attachments(EXAMPLES / "attachments.yaml"))
    assert all((tmp_path / p["file"]).is_file() for p in written["policies"])


def test_an_unreachable_endpoint_is_one_line_and_writes_nothing(cli: Run, tmp_path: Path) -> None:
    result = cli("org", "export", "--out", tmp_path / "org.yaml", "--endpoint-url",
                 "http://127.0.0.1:9")  # fmt: skip

    assert result.code == 2
    assert result.err.startswith("backup-policy: error:")
    assert len(result.err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
