"""What the repository's history says about the docs: when each page last changed, and what an
English page looked like when a translation was stamped.

Every answer comes from ``git`` in a subprocess and degrades to "unknown" (None, an empty map)
when git is missing, the folder is not in a repository or the file is not tracked: the build
and ``make i18n-status`` never fail because of the history.
"""

from __future__ import annotations

import difflib
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Found", "english_version", "last_commit_dates", "unified_diff"]


def _git(cwd: Path, *args: str) -> bytes | None:
    """The output of ``git args`` run in ``cwd``, or None when git is missing or fails."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError:  # no git on this machine, or cwd is gone
        return None
    return done.stdout if done.returncode == 0 else None


def last_commit_dates(folder: Path) -> dict[Path, str]:
    """The date (``2026-12-03``, the committer's) of the last commit touching each file under
    ``folder``, by resolved absolute path; empty when there is no history to read.

    One ``git log`` for the whole folder: its newest commits come first, so a file's first
    appearance is its last change.
    """
    top = _git(folder, "rev-parse", "--show-toplevel")
    log = _git(folder, "log", "--format=%x00%cs", "--name-only", "--", ".")
    if top is None or log is None:
        return {}
    root = Path(top.decode("utf-8").strip())
    dates: dict[Path, str] = {}
    for commit in log.decode("utf-8", errors="replace").split("\x00")[1:]:
        day, _, names = commit.partition("\n")
        for name in names.splitlines():
            if name:
                dates.setdefault((root / name).resolve(), day.strip())
    return dates


@dataclass(frozen=True, slots=True)
class Found:
    """The version of a file in one commit."""

    commit: str
    content: bytes


def english_version(path: Path, wanted: str, digest: Callable[[bytes], str]) -> Found | None:
    """The newest committed version of ``path`` whose ``digest`` is ``wanted``, or None when no
    version in the history has it (or there is no history).

    Walks ``git log -- path`` newest first and hashes ``git show <commit>:path`` for each.
    """
    where = path.parent
    log = _git(where, "log", "--format=%H", "--", path.name)
    if log is None:
        return None
    for commit in log.decode("ascii").split():
        # "./name": relative to cwd, not to the top of the repository.
        content = _git(where, "show", f"{commit}:./{path.name}")
        if content is not None and digest(content) == wanted:
            return Found(commit, content)
    return None


def unified_diff(old: bytes, new: bytes, name: str, old_label: str, new_label: str) -> str:
    """``old`` to ``new`` as a unified diff (``---``/``+++`` headers name the versions)."""
    lines = difflib.unified_diff(
        old.decode("utf-8", errors="replace").splitlines(keepends=True),
        new.decode("utf-8", errors="replace").splitlines(keepends=True),
        f"{name} ({old_label})",
        f"{name} ({new_label})",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
