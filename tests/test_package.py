"""`make package`: one zip per Lambda, complete, reproducible and named by its sha256."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from orgbackup import package

pytestmark = pytest.mark.slow  # runs pip against the package index


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist-a")
    assert package.main(["--dist", str(dist)]) == 0
    return dist


def _zips(dist: Path) -> dict[str, Path]:
    return {path.name.rsplit("-", 1)[0]: path for path in sorted(dist.glob("*.zip"))}


def test_one_zip_per_function_named_by_its_sha256(first_build: Path) -> None:
    zips = _zips(first_build)
    assert {"backup_org_policy_manager", "tag_on_restore"} <= set(package.FUNCTIONS)
    assert sorted(zips) == sorted(package.FUNCTIONS)
    manifest = json.loads((first_build / "manifest.json").read_text())
    for function, path in zips.items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert path.name == f"{function}-{digest}.zip"
        assert manifest[function]["sha256"] == digest
        assert manifest[function]["size"] == path.stat().st_size


def test_building_twice_gives_the_same_bytes(
    first_build: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    second = tmp_path_factory.mktemp("dist-b")
    assert package.main(["--dist", str(second)]) == 0
    first_zips, second_zips = _zips(first_build), _zips(second)
    assert first_zips.keys() == second_zips.keys()
    for function in first_zips:
        assert first_zips[function].read_bytes() == second_zips[function].read_bytes(), function


def test_entries_are_sorted_timestamped_and_cache_free(first_build: Path) -> None:
    for function, path in _zips(first_build).items():
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names)
        assert f"{function}/__init__.py" in names
        assert {info.date_time for info in infos} == {package.FIXED_DATE_TIME}
        assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo"))]
        assert not [n for n in names if n.startswith(("bin/", "boto3/", "botocore/"))]
        assert not [n for n in names if n.endswith("requirements.txt")]


def test_a_rebuild_replaces_the_old_zip(tmp_path: Path) -> None:
    stale = tmp_path / "tag_on_restore-0000.zip"
    stale.write_bytes(b"old")
    assert package.main(["--dist", str(tmp_path), "tag_on_restore"]) == 0
    assert not stale.exists()
    assert [p.name.rsplit("-", 1)[0] for p in tmp_path.glob("*.zip")] == ["tag_on_restore"]


@pytest.mark.parametrize(
    ("function", "imports"),
    [
        ("backup_org_policy_manager", ["backup_org_policy_manager", "crhelper", "jmespath"]),
        ("tag_on_restore", ["tag_on_restore", "aws_lambda_powertools.logging", "jmespath"]),
    ],
)
def test_the_zip_alone_provides_what_the_function_imports(
    first_build: Path, function: str, imports: list[str]
) -> None:
    zip_path = str(_zips(first_build)[function])
    probe = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {zip_path!r})\n"
        f"for name in {imports!r}:\n"
        "    module = importlib.import_module(name)\n"
        f"    assert module.__file__.startswith({zip_path!r}), (name, module.__file__)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_unknown_function_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        package.main(["no_such_function"])
    assert exit_info.value.code == 2
    assert "no_such_function" in capsys.readouterr().err


def test_an_unchanged_zip_is_kept_and_a_forced_build_gives_the_same_bytes(
    first_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {
        function: (path, path.stat().st_mtime_ns) for function, path in _zips(first_build).items()
    }
    capsys.readouterr()
    assert package.main(["--dist", str(first_build)]) == 0
    assert capsys.readouterr().out.count("unchanged") == len(package.FUNCTIONS)
    assert {f: (p, p.stat().st_mtime_ns) for f, p in _zips(first_build).items()} == before
    assert package.main(["--dist", str(first_build), "--force", "tag_on_restore"]) == 0
    assert "built" in capsys.readouterr().out
    manifest = json.loads((first_build / "manifest.json").read_text())
    assert sorted(manifest) == sorted(package.FUNCTIONS)  # a partial build keeps the others
    assert _zips(first_build)["tag_on_restore"] == before["tag_on_restore"][0]
