"""Measuring a command: its wall time and the peak memory of every process it starts; the machine.

Peak RSS of a process tree has no single right number, so `run_measured` gives three (Linux only):
- `peak_rss_mib`: the sum, over every process of the tree, of that process's own peak (VmHWM, read from
  /proc while it runs). An upper bound on what the tree held at once: the parent and
  its workers need not peak at the same moment, and shared library pages count once per process.
- `largest_process_rss_mib`: the peak of the largest single process, as the kernel records it
  (`ru_maxrss` from `wait4`, which covers the command and the children it waited for). A lower bound.
- `sampled_tree_rss_mib`: the largest sum of current RSS (VmRSS) over the tree seen at one poll.
`RUSAGE_CHILDREN` alone would not do: it is the maximum over every child this process ever waited for,
so a second measurement would inherit the first one's peak.
`cpu_seconds` (user + system, from the same `wait4`) is what the command cost whatever else the machine
was running; wall time is not.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

KIB_PER_MIB = 1024


@dataclass(frozen=True)
class Measured:
    """One finished command: exit code, output, wall time and peak memory (MiB = 2**20 bytes)."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    largest_process_rss_mib: float
    sampled_tree_rss_mib: float
    processes: int


def _status_kib(pid: int, fields: tuple[str, ...]) -> dict[str, int]:
    """The given `kB` fields of /proc/PID/status; empty when the process has gone."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in fields:
                    values[key] = int(rest.split()[0])
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return {}
    return values


def _parent_pids() -> dict[int, int]:
    """pid -> parent pid for every process now alive (this kernel has no /proc/PID/task/*/children)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                # the command name (field 2) may hold spaces and parentheses: split after the last ")"
                parents[int(entry.name)] = int(stat.read().rpartition(")")[2].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return parents


def process_tree(root: int) -> list[int]:
    """`root` and all its living descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parent_pids().items():
        children.setdefault(parent, []).append(pid)
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, ()))
    return tree


class _TreeMemory:
    """Polls the memory of a process tree from a thread until stopped."""

    def __init__(self, root: int, poll_seconds: float, tree_seconds: float) -> None:
        self.root, self.poll_seconds, self.tree_seconds = root, poll_seconds, tree_seconds
        self.peaks_kib: dict[int, int] = {}
        self.sampled_kib = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        tree: list[int] = []
        tree_read_at = float("-inf")
        while not self.stopped.is_set():
            if time.perf_counter() - tree_read_at >= self.tree_seconds:
                tree, tree_read_at = process_tree(self.root), time.perf_counter()
            current = 0
            for member in tree:
                memory = _status_kib(member, ("VmHWM", "VmRSS"))
                if memory:
                    self.peaks_kib[member] = max(self.peaks_kib.get(member, 0), memory["VmHWM"])
                    current += memory["VmRSS"]
            self.sampled_kib = max(self.sampled_kib, current)
            self.stopped.wait(self.poll_seconds)

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def run_measured(
    argv: Sequence[str], cwd: Path | None = None, poll_seconds: float = 0.1, tree_seconds: float = 1.0
) -> Measured:
    """Run `argv` to completion; its memory is read every `poll_seconds`, and its process tree looked
    up again every `tree_seconds` (walking all of /proc costs milliseconds)."""
    # output goes to files: a pipe that nobody reads while the child runs could fill and block it
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), cwd=cwd, stdout=out, stderr=err)
        memory = _TreeMemory(child.pid, poll_seconds, tree_seconds)
        # wait4, not Popen.wait: it also returns the kernel's peak RSS of the child and its children
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        memory.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return Measured(
        returncode=child.returncode,
        stdout=stdout,
        stderr=stderr,
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mib=max(sum(memory.peaks_kib.values()), usage.ru_maxrss) / KIB_PER_MIB,
        largest_process_rss_mib=usage.ru_maxrss / KIB_PER_MIB,  # Linux reports ru_maxrss in KiB
        sampled_tree_rss_mib=memory.sampled_kib / KIB_PER_MIB,
        processes=len(memory.peaks_kib),
    )


def _first_value(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as text:
            for line in text:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        return None
    return None


def _git_state(repository: Path) -> dict[str, object]:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repository, capture_output=True, text=True, check=True
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "status", "--porcelain"], cwd=repository, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {"head": None, "uncommitted_changes": None}
    return {"head": head, "uncommitted_changes": bool(changes.strip())}


def machine_info(repository: Path) -> dict[str, object]:
    """Where and when a benchmark ran: cores, CPU, memory, versions, load, date, git state."""
    memory_kib = _first_value("/proc/meminfo", "MemTotal")
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "cpu_model": _first_value("/proc/cpuinfo", "model name") or platform.processor() or None,
        "memory_total_mib": round(int(memory_kib.split()[0]) / KIB_PER_MIB) if memory_kib else None,
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "platform": platform.platform(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git": _git_state(repository),
    }
