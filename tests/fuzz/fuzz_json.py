"""Fuzz target: any bytes read as a JSON or NDJSON export (the sniffer decides which, or another format).

    pip install atheris && python tests/fuzz/fuzz_json.py -max_total_time=600 tests/fuzz/corpus/json

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
    read_everything(data, "export.json")


if __name__ == "__main__":
    run_atheris(fuzz_one_input)
