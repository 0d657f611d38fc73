"""One shell for the whole build, as CodeBuild runs buildspec 0.2 commands.

Each command is written to a file and sourced (``. file``) by the same shell process, so a
``cd``, an ``export`` or a shell variable set by one command is seen by every later command,
in every phase. A command that ends the shell (``exit``) fails, and a new shell, started
from the build's initial environment, runs the remaining commands.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import TracebackType

__all__ = ["ShellSession"]

_TRAMPOLINE = (
    "import os, sys; fd = int(sys.argv[1]); os.dup2(fd, 3); fd != 3 and os.close(fd); "
    "os.execv(sys.argv[2], sys.argv[2:])"
)


class ShellSession:
    """A long-lived shell that runs commands one at a time and reports each exit status."""

    def __init__(self, shell: str, cwd: Path, env: dict[str, str]) -> None:
        self._shell = shell
        self._cwd = cwd
        self._env = env
        self._scratch = tempfile.TemporaryDirectory(prefix="buildspec-")
        self._count = 0
        self._process: subprocess.Popen[str] | None = None
        self._status: int | None = None
        self.restarts = 0

    def __enter__(self) -> ShellSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[str]:
        read_end, write_end = os.pipe()
        shell = shutil.which(self._shell)
        if shell is None:
            raise FileNotFoundError(f"shell {self._shell!r} not found on PATH")
        # A POSIX sh (dash) only redirects to fds 0-9, so a tiny trampoline moves the status
        # pipe to fd 3 before it becomes the shell.
        process = subprocess.Popen(
            [sys.executable, "-c", _TRAMPOLINE, str(write_end), shell],
            stdin=subprocess.PIPE,
            cwd=self._cwd,
            env=self._env,
            pass_fds=(write_end,),
            text=True,
        )
        os.close(write_end)
        self._status = read_end
        return process

    def run(self, command: str) -> int:
        """Run one buildspec command in the shared shell and return its exit status."""
        if self._process is None or self._process.poll() is not None:
            if self._process is not None:
                self.restarts += 1
            self._process = self._start()
        assert self._process.stdin is not None
        assert self._status is not None
        self._count += 1
        script = Path(self._scratch.name) / f"command-{self._count}.sh"
        script.write_text(command + "\n", encoding="utf-8")
        line = f". {shlex.quote(str(script))} </dev/null\n"
        line += "printf '%s\\n' \"$?\" >&3\n"
        try:
            self._process.stdin.write(line)
            self._process.stdin.flush()
        except BrokenPipeError:
            return self._ended()
        answer = self._read_status()
        return self._ended() if answer is None else answer

    def _read_status(self) -> int | None:
        assert self._status is not None
        data = b""
        while not data.endswith(b"\n"):
            chunk = os.read(self._status, 64)
            if not chunk:
                return None
            data += chunk
        return int(data.decode().strip())

    def _ended(self) -> int:
        # The command ended the shell (exit, or a fatal error of a POSIX sh): that is a failure.
        assert self._process is not None
        code = self._process.wait()
        self._close_status()
        return code or 1

    def printenv(self, name: str) -> str | None:
        """The current value of ``name`` in the shell (for ``exported-variables``)."""
        marker = Path(self._scratch.name) / "exported"
        quoted = shlex.quote(str(marker))
        status = self.run(f'if [ -n "${{{name}+set}}" ]; then printf %s "${name}" > {quoted}; fi')
        if status != 0 or not marker.exists():
            return None
        value = marker.read_text(encoding="utf-8")
        marker.unlink()
        return value

    def _close_status(self) -> None:
        if self._status is not None:
            os.close(self._status)
            self._status = None

    def close(self) -> None:
        """End the shell and remove the command files."""
        if self._process is not None and self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait()
        self._close_status()
        self._scratch.cleanup()
