"""Lint a generated template with cfn-lint, warnings included, as ``make lint`` lints the rest."""

from __future__ import annotations

from orgbackup.deploy.errors import DeployError

__all__ = ["lint_template"]


def lint_template(text: str, name: str, regions: list[str]) -> None:
    """Run cfn-lint's default rules on the template ``text`` (called ``name``) for ``regions``.

    Raises
    ------
    DeployError
        cfn-lint reports an error or a warning; the message lists each, with its rule and line.
    """
    # Imported here: cfn-lint loads its rules and schemas on import (seconds), and only this
    # check needs it.
    from cfnlint.api import ManualArgs, lint

    matches = lint(text, regions=regions, config=ManualArgs(regions=regions))
    found = [m for m in matches if m.rule.severity in ("error", "warning")]
    if found:
        lines = "\n".join(f"  {name}:{m.linenumber}: {m.rule.id} {m.message}" for m in found)
        raise DeployError(f"cfn-lint found {len(found)} problem(s) in {name}:\n{lines}")
