"""Split a batch across machines (``course grade --shard K/N``) and merge the parts (``course merge``).

A submission belongs to shard ``K`` of ``N`` by a hash of the student's name, so
the split is deterministic, needs no coordination, and a student keeps their
shard when others are added to the batch. Each shard writes an ordinary output
folder; :func:`merge` combines any number of them into one gradebook, summary
and histogram, exactly as one unsharded run would have written them.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from .results import StaleResult, stored_results

__all__ = ["Shard", "ShardError", "parse_shard", "merge"]


class ShardError(ValueError):
    """A shard specification or a set of shard outputs is unusable; the message says why."""


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def holds(self, student: str) -> bool:
        """Whether ``student``'s submission belongs to this shard."""
        digest = hashlib.sha256(student.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1


def parse_shard(text: str) -> Shard:
    """``"K/N"`` -> :class:`Shard` (1 <= K <= N)."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ShardError(f"--shard takes K/N, e.g. 2/4, not {text!r}") from None
    if not 1 <= k <= n:
        raise ShardError(f"--shard {text}: K must be between 1 and N")
    return Shard(k, n)


def _results_in(folder: Path) -> dict:
    try:
        return stored_results(folder)
    except StaleResult as exc:
        raise ShardError(f"{exc}; grade that shard again") from None


def merge(parts: list, dest: Path, info) -> list:
    """Combine the output folders ``parts`` (one per shard) into ``dest``; return the results.

    Raises :class:`ShardError` when a student appears in two parts (shards that
    overlap, or the same shard given twice) or a part holds no results.
    """
    dest = Path(dest)
    merged, origin = {}, {}
    for part in parts:
        found = _results_in(part)
        if not found:
            raise ShardError(f"{part} holds no graded submissions (no */result.json)")
        for folder_name, (result, folder) in found.items():
            if folder_name in merged:
                raise ShardError(f"{result.student} is in both {origin[folder_name]} and {part}")
            merged[folder_name], origin[folder_name] = (result, folder), part
    dest.mkdir(parents=True, exist_ok=True)
    for folder_name, (_, folder) in merged.items():
        if folder.resolve() != (dest / folder_name).resolve():
            shutil.copytree(folder, dest / folder_name, dirs_exist_ok=True)
    results = sorted((r for r, _ in merged.values()), key=lambda r: r.student)
    from .batch import write_reports

    write_reports(results, info, dest)
    return results
