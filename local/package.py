"""Build one reproducible zip per Lambda in ``dist/``, named by the sha256 of its bytes.

Same sources and pins give the same bytes: dependencies are installed for the Lambda
platform without byte-compiling, entries are sorted, and every entry gets a fixed
timestamp and mode. boto3/botocore are not bundled (see README, "Lambda packages").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS_DIR = ROOT / "functions"
# Every folder of functions/ with a requirements.txt is a Lambda with its own zip.
FUNCTIONS = tuple(sorted(path.parent.name for path in FUNCTIONS_DIR.glob("*/requirements.txt")))
LAMBDA_PYTHON = "3.13"  # the runtime the templates name (python3.13)
LAMBDA_PLATFORM = (
    "--platform=manylinux2014_x86_64",
    "--implementation=cp",
    f"--python-version={LAMBDA_PYTHON}",
    "--only-binary=:all:",
)
# The earliest time a zip entry can carry; any fixed value makes the archive reproducible.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
SKIPPED_PARTS = frozenset({"__pycache__", "bin"})
SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo"})
SKIPPED_NAMES = frozenset({"requirements.txt", "REQUESTED", "direct_url.json"})


@dataclass(frozen=True, slots=True)
class BuiltZip:
    """One built package: where it is, its sha256 and size, and how many files it holds."""

    function: str
    path: str
    sha256: str
    size: int
    files: int


def install_dependencies(requirements: Path, target: Path) -> None:
    """Install the pinned requirements for the Lambda platform into ``target``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-compile",
            "--no-warn-script-location",
            f"--target={target}",
            *LAMBDA_PLATFORM,
            "--requirement",
            str(requirements),
        ],
        check=True,
    )


def _included(relative: Path) -> bool:
    return (
        not SKIPPED_PARTS.intersection(relative.parts)
        and relative.suffix not in SKIPPED_SUFFIXES
        and relative.name not in SKIPPED_NAMES
    )


def zip_entries(function: str, site: Path) -> Iterator[tuple[str, Path]]:
    """Yield (name in zip, file) for the function package and its installed dependencies."""
    source = FUNCTIONS_DIR / function
    for base, prefix in ((site, ""), (source, f"{function}/")):
        for path in base.rglob("*"):
            relative = path.relative_to(base)
            if path.is_file() and _included(relative):
                yield prefix + relative.as_posix(), path


def write_zip(entries: list[tuple[str, Path]], destination: Path) -> None:
    """Write ``entries`` sorted by name, with fixed timestamps and permissions."""
    with zipfile.ZipFile(destination, "w") as archive:
        for name, path in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine builds it
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def build(function: str, dist: Path) -> BuiltZip:
    """Build ``dist/<function>-<sha256>.zip``, replacing older zips of that function."""
    requirements = FUNCTIONS_DIR / function / "requirements.txt"
    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"package-{function}-") as scratch:
        site = Path(scratch) / "site"
        install_dependencies(requirements, site)
        entries = list(zip_entries(function, site))
        unnamed = Path(scratch) / "package.zip"
        write_zip(entries, unnamed)
        data = unnamed.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    for old in dist.glob(f"{function}-*.zip"):
        old.unlink()
    target = dist / f"{function}-{digest}.zip"
    target.write_bytes(data)
    return BuiltZip(function, target.name, digest, len(data), len(entries))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("functions", nargs="*", metavar="FUNCTION", help=", ".join(FUNCTIONS))
    args = parser.parse_args(argv)
    unknown = sorted(set(args.functions) - set(FUNCTIONS))
    if unknown:
        known = ", ".join(FUNCTIONS)
        parser.error(f"unknown function(s) {', '.join(unknown)}; choose from {known}")
    built = [build(function, args.dist) for function in args.functions or FUNCTIONS]
    manifest = {zip_.function: asdict(zip_) for zip_ in built}
    (args.dist / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    for zip_ in built:
        print(f"{zip_.path}  {zip_.size:>9,} bytes  {zip_.files:>5} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
