"""``python -m rehearsal.emulator.sample_org [--config FILE] [--port N]`` (``make emulator``):
the emulator on 127.0.0.1 with the organization a deployment configuration describes and the
policies it deploys attached, for ``backup-policy ... --endpoint-url``; runs until Ctrl-C.

The organization is built as the rehearsal builds it (``rehearsal.flow.emulated_org``): every
OU and account the configuration names gets an emulated id, the prerequisites are met, and the
configuration rewritten to those ids is written beside the emulator for ``--config``.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path
from types import FrameType
from typing import Any

import boto3
import yaml

from orgbackup.cli.config_options import REPOSITORY, deployed_policies, load_deployment
from orgbackup.cli.errors import CliError
from orgbackup.cli.proposal import render_specs
from rehearsal.emulator.server import LOOPBACK, running_emulator
from rehearsal.flow.emulated_org import EmulatedOrganization, emulate_organization

__all__ = ["main"]

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def main(argv: list[str] | None = None) -> int:
    """Serve until SIGINT or SIGTERM; 0 after a clean stop, 2 on a bad configuration."""
    parser = argparse.ArgumentParser(prog="python -m rehearsal.emulator.sample_org")
    parser.add_argument("--config", type=Path, default=REPOSITORY / "deploy/config.example.yaml")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args(argv)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        _check_port(args.port)
        load_deployment(args.config)
        data = yaml.safe_load(args.config.read_text(encoding="utf-8"))
        with (
            tempfile.TemporaryDirectory(prefix="org-backup-emulator-") as folder,
            running_emulator(args.port) as endpoint,
        ):
            config = Path(folder) / "config.yaml"
            emulated, attached = _build(endpoint, data, config)
            for line in _banner(endpoint, emulated, attached, config):
                print(line, flush=True)
            while not stop.wait(0.5):
                pass
    except (CliError, OSError) as error:  # OSError: e.g. --port already taken
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    print("emulator stopped", flush=True)
    return 0


def _check_port(port: int) -> None:
    """Fail at once on a taken port: the server binds in its own thread, which only logs."""
    if port:
        with socket.socket() as probe:
            probe.bind((LOOPBACK, port))


def _build(
    endpoint: str, data: dict[str, Any], config: Path
) -> tuple[EmulatedOrganization, dict[str, tuple[str, ...]]]:
    def clients(service: str, region: str) -> Any:
        return boto3.client(service, region_name=region, endpoint_url=endpoint, **CREDENTIALS)

    emulated = emulate_organization(data, clients)
    config.write_text(yaml.safe_dump(emulated.config, sort_keys=False), encoding="utf-8")
    org = clients("organizations", emulated.config["home"]["region"])
    specs = deployed_policies(load_deployment(config), str(config))
    rendered, issues = render_specs(specs)
    if issues:
        _, file, issue = issues[0]
        raise CliError(f"{file}: {issue['path']}: {issue['message']} ({len(issues)} issue(s))")
    attached = {}
    for spec, content in rendered:
        summary = org.create_policy(
            Name=spec.name, Description=spec.description, Type="BACKUP_POLICY", Content=content
        )["Policy"]["PolicySummary"]
        for target in spec.targets:
            org.attach_policy(PolicyId=summary["Id"], TargetId=target)
        attached[spec.name] = spec.targets
    return emulated, attached


def _banner(
    endpoint: str,
    emulated: EmulatedOrganization,
    attached: dict[str, tuple[str, ...]],
    config: Path,
) -> list[str]:
    ids = emulated.config
    lines = [
        f"AWS_ENDPOINT_URL={endpoint}",
        f"organization {ids['organization']['id']}, root {emulated.root_id}, management account"
        f" {ids['organization']['management_account']}",
        f"home account {ids['home']['account']}, central account {ids['central']['account']}"
        f" in OU {ids['central']['ou']}",
        "configured id -> emulated id: "
        + ", ".join(f"{old} -> {new}" for old, new in emulated.ids.items()),
        *(f"policy {name} attached to {', '.join(on)}" for name, on in attached.items()),
        f"configuration with the emulated ids: {config}",
        "",
        "Try, in another shell:",
        f"  export AWS_ENDPOINT_URL={endpoint} AWS_ACCESS_KEY_ID=testing"
        " AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1",
        f"  backup-policy preview --from-aws --endpoint-url {endpoint} --summary",
        f"  backup-policy preview --from-aws --endpoint-url {endpoint} --config {config}",
        f"  backup-policy org export --endpoint-url {endpoint} --out org.yaml",
        f"  backup-policy preflight --endpoint-url {endpoint} --config {config}",
        "Ctrl-C stops the emulator.",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
