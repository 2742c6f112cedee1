"""Fuzz target: any bytes read as a CSV export (the sniffer may still take them for another format).

    pip install atheris && python tests/fuzz/fuzz_csv.py -max_total_time=600 tests/fuzz/corpus/csv

atheris is imported only when this file runs as a script; tests/fuzz/test_fuzz_targets.py runs the
same `fuzz_one_input` over a seed corpus and hypothesis examples in the normal test suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for `scanner`

from harness import read_everything, run_atheris


def fuzz_one_input(data: bytes) -> None:
    read_everything(data, "export.csv")


if __name__ == "__main__":
    run_atheris(fuzz_one_input)
