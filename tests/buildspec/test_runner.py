"""The runner follows CodeBuild: one shell per build, phase order, on-failure, finally, outputs."""

from __future__ import annotations

from pathlib import Path

from tests.buildspec.conftest import Build


def _statuses(result: object) -> list[tuple[str, str]]:
    return [(phase.name, phase.status) for phase in result.phases]  # type: ignore[attr-defined]


def test_state_carries_across_commands_and_phases(build: Build, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    result, _ = build(
        """
        version: 0.2
        env:
          shell: bash
          variables:
            GREETING: hello
        phases:
          install:
            commands:
              - cd sub
              - export EXPORTED=yes
              - PLAIN=kept
          build:
            commands:
              - echo "$GREETING $EXPORTED $PLAIN $(pwd)" > "$CODEBUILD_SRC_DIR/seen.txt"
        """
    )

    assert result.succeeded
    assert (tmp_path / "seen.txt").read_text() == f"hello yes kept {tmp_path / 'sub'}\n"


def test_a_failed_command_skips_the_rest_of_its_phase_but_runs_finally(
    build: Build, tmp_path: Path
) -> None:
    result, out = build(
        """
        version: 0.2
        phases:
          build:
            commands:
              - echo one >> log
              - "false"
              - echo never >> log
            finally:
              - echo finally >> log
        """
    )

    assert not result.succeeded
    assert (tmp_path / "log").read_text() == "one\nfinally\n"
    assert result.phases[0].failed_command == "false"
    assert "Command did not exit successfully (exit status 1)" in out


def test_install_failure_ends_the_build(build: Build) -> None:
    result, _ = build(
        """
        version: 0.2
        phases:
          install:
            commands: ["exit 4"]
          build:
            commands: ["true"]
          post_build:
            commands: ["true"]
        """
    )

    assert _statuses(result) == [
        ("install", "FAILED"),
        ("build", "SKIPPED"),
        ("post_build", "SKIPPED"),
    ]


def test_build_failure_still_runs_post_build_which_sees_it(build: Build, tmp_path: Path) -> None:
    result, _ = build(
        """
        version: 0.2
        phases:
          build:
            commands: ["false"]
          post_build:
            commands:
              - echo "$CODEBUILD_BUILD_SUCCEEDING" > succeeding
        """
    )

    assert _statuses(result) == [("build", "FAILED"), ("post_build", "SUCCEEDED")]
    assert not result.succeeded
    assert (tmp_path / "succeeding").read_text() == "0\n"


def test_abort_stops_at_once_and_continue_goes_on(build: Build) -> None:
    aborted, _ = build(
        """
        version: 0.2
        phases:
          build:
            on-failure: ABORT
            commands: ["false"]
          post_build:
            commands: ["true"]
        """
    )
    continued, _ = build(
        """
        version: 0.2
        phases:
          install:
            on-failure: CONTINUE
            commands: ["false"]
          build:
            commands: ["true"]
        """
    )

    assert _statuses(aborted) == [("build", "FAILED"), ("post_build", "SKIPPED")]
    assert _statuses(continued) == [("install", "FAILED"), ("build", "SUCCEEDED")]
    assert not continued.succeeded


def test_a_command_that_exits_the_shell_fails_and_a_fresh_shell_goes_on(
    build: Build, tmp_path: Path
) -> None:
    result, out = build(
        """
        version: 0.2
        env:
          shell: bash
        phases:
          build:
            on-failure: CONTINUE
            commands:
              - export LOST=value
              - exit 0
          post_build:
            commands:
              - echo "[${LOST:-}]" > after
        """
    )

    assert _statuses(result) == [("build", "FAILED"), ("post_build", "SUCCEEDED")]
    assert (tmp_path / "after").read_text() == "[]\n"
    assert "the shell ended 1 time(s)" in out


def test_reports_must_exist_and_be_junit(build: Build, tmp_path: Path) -> None:
    spec = """
        version: 0.2
        phases:
          build:
            commands: ["true"]
        reports:
          pytest:
            base-directory: out
            files: [junit.xml]
            file-format: JUNITXML
        """
    missing, _ = build(spec)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "junit.xml").write_text("<html/>")
    wrong, _ = build(spec)
    (tmp_path / "out" / "junit.xml").write_text(
        '<testsuites><testsuite tests="3" failures="1" errors="0"/></testsuites>'
    )
    right, out = build(spec)

    assert missing.problems == [f"report pytest: no file matches junit.xml in {tmp_path / 'out'}"]
    assert wrong.problems == [
        f"report pytest: {tmp_path / 'out' / 'junit.xml'} starts with <html>, "
        "not testsuite or testsuites"
    ]
    assert right.succeeded
    assert "report pytest (JUNITXML): 1 file(s), 3 tests, 1 failed" in out


def test_every_artifact_pattern_must_match(build: Build, tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "a.zip").write_bytes(b"zip")
    result, _ = build(
        """
        version: 0.2
        phases:
          build:
            commands: ["true"]
        artifacts:
          files:
            - dist/*.zip
            - dist/manifest.json
        """
    )

    assert result.problems == [
        f"artifacts primary: no file matches dist/manifest.json in {tmp_path}"
    ]


def test_outputs_are_not_checked_when_the_build_phase_never_ran(build: Build) -> None:
    result, _ = build(
        """
        version: 0.2
        phases:
          install:
            commands: ["false"]
          build:
            commands: ["true"]
        artifacts:
          files: [nothing-here]
        """
    )

    assert result.problems == []
    assert not result.succeeded


def test_exported_variables_are_read_at_the_end(build: Build) -> None:
    result, _ = build(
        """
        version: 0.2
        env:
          exported-variables: [KEY_HASH, NEVER_SET]
        phases:
          build:
            commands:
              - export KEY_HASH=abc123
        """
    )

    assert result.exported == {"KEY_HASH": "abc123"}
