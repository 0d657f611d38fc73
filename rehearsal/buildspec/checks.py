"""After the phases: check the report files and artifacts a buildspec promises exist."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from rehearsal.buildspec.spec import ArtifactSet, Report

__all__ = ["check_artifacts", "check_report"]

# The root element each XML report format starts with.
_XML_ROOTS = {
    "JUNITXML": {"testsuites", "testsuite"},
    "COBERTURAXML": {"coverage"},
    "CLOVERXML": {"coverage"},
    "JACOCOXML": {"report"},
}


def _matches(base: Path, patterns: tuple[str, ...]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for pattern in patterns:
        found[pattern] = sorted(path for path in base.glob(pattern) if path.is_file())
    return found


def check_report(report: Report, src: Path) -> tuple[list[str], str]:
    """Problems with one report group (empty when fine) and a one-line summary."""
    base = src / report.base_directory
    files = [path for paths in _matches(base, report.files).values() for path in paths]
    if not files:
        return [f"report {report.name}: no file matches {', '.join(report.files)} in {base}"], ""
    problems = []
    tests = failures = 0
    for path in files:
        roots = _XML_ROOTS.get(report.file_format)
        if roots is None:
            continue
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as error:
            problems.append(f"report {report.name}: {path} is not XML ({error})")
            continue
        if root.tag not in roots:
            expected = " or ".join(sorted(roots))
            problems.append(
                f"report {report.name}: {path} starts with <{root.tag}>, not {expected}"
            )
        if report.file_format == "JUNITXML":
            suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
            tests += sum(int(suite.get("tests", 0)) for suite in suites)
            failures += sum(
                int(suite.get("failures", 0)) + int(suite.get("errors", 0)) for suite in suites
            )
    summary = f"{len(files)} file(s)"
    if report.file_format == "JUNITXML":
        summary += f", {tests} tests, {failures} failed"
    return problems, summary


def check_artifacts(artifacts: ArtifactSet, src: Path) -> tuple[list[str], int]:
    """Problems with one artifact set (a pattern that matches no file) and the file count."""
    base = src / artifacts.base_directory
    found = _matches(base, artifacts.files)
    problems = [
        f"artifacts {artifacts.name}: no file matches {pattern} in {base}"
        for pattern, paths in found.items()
        if not paths
    ]
    return problems, len({path for paths in found.values() for path in paths})
