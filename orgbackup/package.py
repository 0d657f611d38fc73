"""Build one reproducible zip per Lambda in ``dist/``, named by the sha256 of its bytes.

Same sources and pins give the same bytes: dependencies are installed for the Lambda
platform without byte-compiling, entries are sorted, and every entry gets a fixed
timestamp and mode. boto3/botocore are not bundled (see README, "Lambda packages").
A zip whose inputs (sources, pins, platform, this packager) are unchanged since it was built,
and whose bytes still match its sha256, is kept rather than rebuilt (``--force`` rebuilds).
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
    inputs_sha256: str


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


def inputs_digest(function: str, functions_dir: Path = FUNCTIONS_DIR) -> str:
    """sha256 of everything that decides a zip's bytes: the function's files (its pins
    included), the target platform and this packager's own source."""
    digest = hashlib.sha256()
    source = functions_dir / function
    files = sorted(
        path
        for path in source.rglob("*")
        if path.is_file()
        and not SKIPPED_PARTS.intersection(path.relative_to(source).parts)
        and path.suffix not in SKIPPED_SUFFIXES
    )
    for path in files:
        digest.update(path.relative_to(source).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(" ".join(LAMBDA_PLATFORM).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def reusable(entry: dict[str, object] | None, dist: Path, inputs_sha256: str) -> BuiltZip | None:
    """The zip a manifest entry names, when it was built from ``inputs_sha256`` and its bytes
    still match its sha256; ``None`` when it must be (re)built."""
    if not entry or entry.get("inputs_sha256") != inputs_sha256:
        return None
    path = dist / str(entry.get("path"))
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
        return None
    return BuiltZip(
        function=str(entry["function"]),
        path=path.name,
        sha256=str(entry["sha256"]),
        size=path.stat().st_size,
        files=int(str(entry["files"])),
        inputs_sha256=inputs_sha256,
    )


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
    inputs_sha256 = inputs_digest(function)
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
    return BuiltZip(function, target.name, digest, len(data), len(entries), inputs_sha256)


def _manifest(dist: Path) -> dict[str, dict[str, object]]:
    try:
        loaded = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--force", action="store_true", help="rebuild even unchanged zips")
    parser.add_argument("functions", nargs="*", metavar="FUNCTION", help=", ".join(FUNCTIONS))
    args = parser.parse_args(argv)
    unknown = sorted(set(args.functions) - set(FUNCTIONS))
    if unknown:
        known = ", ".join(FUNCTIONS)
        parser.error(f"unknown function(s) {', '.join(unknown)}; choose from {known}")
    manifest = {name: entry for name, entry in _manifest(args.dist).items() if name in FUNCTIONS}
    for function in args.functions or FUNCTIONS:
        kept = (
            None
            if args.force
            else reusable(manifest.get(function), args.dist, inputs_digest(function))
        )
        zip_ = kept or build(function, args.dist)
        manifest[function] = asdict(zip_)
        state = "unchanged" if kept else "built"
        print(f"{zip_.path}  {zip_.size:>9,} bytes  {zip_.files:>5} files  {state}")
    args.dist.mkdir(parents=True, exist_ok=True)
    (args.dist / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
