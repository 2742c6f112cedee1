"""`--sample N`: every row read and counted, about N rows scanned in blocks spread over the whole table,
the same rows whatever the batch size or workers, and every report format saying so."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import polars as pl
import pytest
from click.testing import CliRunner

from benchmarks.generate_exports import CALLS_FILE, generate
from rules.policy import load_policy
from scanner.cli import main
from scanner.readers.table import ROW_NUMBERS
from scanner.reports import render
from scanner.sampling import BlockSampler, block_rows, sample_stride, sampled_ranges
from scanner.terminal import print_summary

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "scanner" / "report_schema.json").read_text())
SAMPLES = (1, 10, 63, 64, 65, 100, 1000, 3000)
ROWS, SAMPLE = 1500, 100  # the generated export, and the sample taken of it
AS_OF = "2025-06-30"


def _rows(ranges: list[tuple[int, int]]) -> list[int]:
    return [row for first, last in ranges for row in range(first, last + 1)]


# --- the block selection, as a pure function ---------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_table_of_at_most_n_rows_is_scanned_whole(sample) -> None:
    for rows in {0, 1, sample - 1, sample}:
        assert sampled_ranges(rows, sample) == ([(1, rows)] if rows else [])
        assert sample_stride(rows, sample) == 1


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_larger_table_keeps_more_than_half_and_at_most_n_rows(sample) -> None:
    for rows in (sample + 1, 10 * sample, 1000 * sample):
        kept = len(_rows(sampled_ranges(rows, sample)))
        assert sample / 2 < kept <= sample, rows


def test_every_table_size_between_n_and_forty_n_keeps_more_than_half_and_at_most_n_rows() -> None:
    # counting blocks instead of rows would keep 497 rows of 1 985 here (n = 1 000; block 62 holds 1 row)
    assert len(_rows(sampled_ranges(1985, 1000))) == 993
    for sample in (65, 1000):
        for rows in range(sample, 40 * sample):
            kept = len(_rows(sampled_ranges(rows, sample)))
            assert sample / 2 < kept <= sample or kept == rows == sample, (sample, rows)


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("times", [10, 1000])
def test_sampled_blocks_are_spread_evenly_from_row_1_to_the_last_stride(sample, times) -> None:
    rows = times * sample + 7
    block, stride = block_rows(sample), sample_stride(rows, sample)
    ranges = sampled_ranges(rows, sample)
    assert block == max(1, -(-sample // 64))
    assert stride > 1 and stride & (stride - 1) == 0  # a power of two
    assert ranges[0][0] == 1
    assert [first for first, _ in ranges] == list(range(1, rows + 1, stride * block))
    assert all(last - first + 1 == block for first, last in ranges[:-1])
    assert ranges[-1][0] > rows - stride * block  # the last kept block is in the table's last stride


def test_the_selection_is_deterministic() -> None:
    assert sampled_ranges(400_000, 3000) == sampled_ranges(400_000, 3000)
    assert sampled_ranges(400_000, 3000)[:2] == [(1, 47), (12033, 12079)]


# --- the streaming sampler ---------------------------------------------------------------------------


def _numbered_table(rows: int) -> pl.DataFrame:
    return pl.DataFrame({"row": [str(row) for row in range(1, rows + 1)]})


@pytest.mark.parametrize(
    ("rows", "sample"), [(0, 10), (9, 10), (10, 10), (11, 10), (1000, 10), (5000, 300), (777, 64)]
)
@pytest.mark.parametrize("batch_rows", [1, 7, 64, 50_000])
def test_a_stream_keeps_the_rows_of_the_pure_selection_in_bounded_memory(rows, sample, batch_rows) -> None:
    table = _numbered_table(rows)
    sampler = BlockSampler(sample)
    held = []

    def batches():
        for offset in range(0, rows, batch_rows):
            yield offset + 1, table.slice(offset, batch_rows)
            held.append(sampler.rows_held)

    scanned, heights = [], []
    for first_row, frame in sampler.sampled(batches(), batch_rows):
        assert 0 < frame.height <= batch_rows
        # blocks that are not consecutive are joined, each row numbered (ROW_NUMBERS); else consecutive
        numbers = (
            frame[ROW_NUMBERS].to_list()
            if ROW_NUMBERS in frame.columns
            else list(range(first_row, first_row + frame.height))
        )
        assert numbers[0] == first_row
        assert frame["row"].to_list() == [str(row) for row in numbers]
        scanned.extend(numbers)
        heights.append(frame.height)
    assert scanned == _rows(sampled_ranges(rows, sample))
    # the kept rows come in as few batches as they fill: not one batch (or more) per block
    assert heights[:-1] == [batch_rows] * (len(heights) - 1)
    assert max(held, default=0) <= sample
    assert sampler.rows_read == rows
    taken = sampler.taken()
    if rows <= sample:
        assert taken is None
    else:
        assert (taken.rows_read, taken.block_rows, taken.every_nth_block) == (
            rows,
            block_rows(sample),
            sample_stride(rows, sample),
        )


def test_a_block_across_batches_with_a_new_column_is_one_frame_with_both_columns() -> None:
    sampler = BlockSampler(128)  # blocks of 2 rows
    first = pl.DataFrame({"id": ["1", "2", "3"]})
    second = pl.DataFrame({"id": ["4", "5"], "telefon": ["+47 912 34 567", None]})
    batches = list(sampler.sampled([(1, first), (4, second)], 50_000))
    assert [(row, frame.columns, frame.height) for row, frame in batches] == [(1, ["id", "telefon"], 5)]
    assert batches[0][1]["telefon"].to_list() == [None, None, None, "+47 912 34 567", None]


# --- end to end --------------------------------------------------------------------------------------


def _scan(out: Path, *args: str, env: dict | None = None) -> tuple[int, dict]:
    report_path = out / f"report-{len(list(out.glob('report-*')))}.json"
    result = CliRunner().invoke(
        main, ["scan", *args, "--as-of", AS_OF, "-o", str(report_path), "--quiet"], env=env
    )
    assert report_path.exists(), result.output
    return result.exit_code, json.loads(report_path.read_text())


def _comparable(report: dict) -> dict:
    report = json.loads(json.dumps(report))
    report.pop("scanned_at")
    report["config"].pop("batch_rows")
    return report


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sampling")
    generate(folder, rows=ROWS, seed=5)
    return folder / CALLS_FILE


@pytest.fixture(scope="module")
def sampled(export, tmp_path_factory) -> dict:
    return _scan(tmp_path_factory.mktemp("sampled"), str(export), "--sample", str(SAMPLE))[1]


def test_a_sampled_scan_reads_every_row_and_scans_the_sample(sampled) -> None:
    jsonschema.validate(sampled, SCHEMA)
    (entry,) = sampled["files"]
    kept = _rows(sampled_ranges(ROWS, SAMPLE))
    assert entry["rows"] == ROWS
    assert entry["sample"] == {
        "rows_scanned": len(kept),
        "block_rows": block_rows(SAMPLE),
        "every_nth_block": sample_stride(ROWS, SAMPLE),
        "method": entry["sample"]["method"],
    }
    assert SAMPLE / 2 < len(kept) <= SAMPLE
    assert "one block in every 16" in entry["sample"]["method"]
    assert (sampled["summary"]["rows"], sampled["summary"]["rows_scanned"]) == (ROWS, len(kept))
    assert sampled["config"]["sample"] == SAMPLE
    for column in entry["columns"]:
        assert column["non_empty"] <= len(kept)
        for entity in column["entities"]:
            assert set(entity["rows"]) <= set(kept), (column["name"], entity["type"])
    checks = entry["retention"]
    assert checks and all(check["rows"] <= len(kept) for check in checks)  # retention counts: scanned rows


def test_the_sample_is_the_same_whatever_the_batch_size_and_workers(export, sampled, tmp_path) -> None:
    for args in (("--batch-rows", "7"), ("--batch-rows", "50000"), ("--batch-rows", "40", "--workers", "2")):
        _, report = _scan(tmp_path, str(export), "--sample", str(SAMPLE), *args)
        assert _comparable(report) == _comparable(sampled), args


def test_a_table_no_larger_than_the_sample_gives_the_report_without_sample(export, tmp_path) -> None:
    full_code, full = _scan(tmp_path, str(export))
    code, whole = _scan(tmp_path, str(export), "--sample", str(ROWS), "--batch-rows", "300")
    assert whole["config"].pop("sample") == ROWS and full["config"].pop("sample") is None
    assert (code, _comparable(whole)) == (full_code, _comparable(full))
    assert "sample" not in whole["files"][0]
    policy = load_policy(())
    assert render("markdown", whole, policy) == render("markdown", full, policy)


def test_finding_rows_are_the_tables_row_numbers(tmp_path) -> None:
    rows, sample = 1500, 100
    kept = sampled_ranges(rows, sample)
    planted_kept, planted_skipped = kept[20][0], kept[20][0] + 5
    assert planted_skipped not in _rows(kept)
    lines = ["kunde_id;fnr;notat"] + [f"{row};;ring tilbake" for row in range(1, rows + 1)]
    for row in (planted_kept, planted_skipped):
        lines[row] = f"{row};15108695088;ring tilbake"
    export = tmp_path / "kunder.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def fnr_rows(report: dict) -> list[int]:
        (column,) = [column for column in report["files"][0]["columns"] if column["name"] == "fnr"]
        (entity,) = column["entities"]
        return entity["rows"]

    _, full = _scan(tmp_path, str(export))
    _, part = _scan(tmp_path, str(export), "--sample", str(sample), "--batch-rows", "64")
    assert fnr_rows(full) == [planted_kept, planted_skipped]
    assert fnr_rows(part) == [planted_kept]
    assert next(f for f in part["findings"] if f["column"] == "fnr")["first_row"] == planted_kept


def test_every_format_says_the_table_was_sampled_beside_its_row_count(sampled) -> None:
    scanned = sampled["summary"]["rows_scanned"]
    line = f"sampled: {scanned} of 1 500 rows, spread over the file"
    policy = load_policy(())
    page = render("html", sampled, policy)
    assert f'1 500 rows · 14 columns</p><p class="banner"><strong>S{line[1:]}</strong>' in page
    assert "share of scanned rows" in page and "rows checked (of the scanned rows)" in page
    assert "about 100 rows of each table" in page and "rows scanned (sample)" in page
    markdown = render("markdown", sampled, policy)
    assert f"{sampled['files'][0]['path']}: {line}".replace("_", "\\_") in markdown
    terminal = io.StringIO()
    print_summary(sampled, [], terminal)
    assert f"1500 rows ({scanned} scanned)" in terminal.getvalue()
    assert f"{sampled['files'][0]['path']}: {line}" in terminal.getvalue()
    assert "are of its scanned rows" in terminal.getvalue()
    sarif = json.loads(render("sarif", sampled, policy))
    messages = [result["message"]["text"] for result in sarif["runs"][0]["results"]]
    assert messages and all(f"({line}; cell counts" in message for message in messages)


def test_the_sample_comes_from_the_environment_or_the_config_file(tmp_path, monkeypatch) -> None:
    export = tmp_path / "in" / "kunder.csv"
    export.parent.mkdir()
    export.write_text("kunde_id;epost\n1;kari@example.no\n", encoding="utf-8")
    _, report = _scan(tmp_path, str(export), env={"CCSCAN_SAMPLE": "5"})
    assert report["config"]["sample"] == 5
    (tmp_path / "ccscan.toml").write_text("sample = 7\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, report = _scan(tmp_path, str(export))
    assert report["config"]["sample"] == 7
    result = CliRunner().invoke(main, ["scan", str(export), "--sample", "0"])
    assert result.exit_code == 2 and "--sample" in result.output


def test_a_batch_of_numbered_rows_profiles_as_its_rows_scanned_one_by_one(tmp_path: Path) -> None:
    """A sample's blocks joined into one batch (ROW_NUMBERS) give the profile of scanning each row alone
    with its own number: found values' rows and examples, name columns' rows and examples, and a
    database row key per referenced row (examples stay masked)."""
    from scanner.batch_scan import scan_batch
    from scanner.detector import build_detector
    from scanner.readers.table import ROW_KEY_PREFIX

    generate(tmp_path, rows=60, seed=4)
    numbers = [3, 4, 5, 17, 18, 40, 41, 42, 43, 59]
    detector = build_detector(0.5)
    name_rows = set()
    for name, separator in ((CALLS_FILE, ","), ("crm_contacts.csv", ";")):
        frame = pl.read_csv(tmp_path / name, infer_schema=False, separator=separator)
        rows = frame.with_row_index("n", offset=1).filter(pl.col("n").is_in(numbers)).drop("n")
        rows = rows.with_columns(pl.Series(f"{ROW_KEY_PREFIX}id", [f"k{n}" for n in numbers]))
        joined = scan_batch(rows.with_columns(pl.Series(ROW_NUMBERS, numbers)), numbers[0], detector)
        alone = [scan_batch(rows.slice(i, 1), number, detector) for i, number in enumerate(numbers)]
        merged = alone[0]
        for profile in alone[1:]:
            merged = merged.merge(profile)
        assert ROW_NUMBERS not in joined.columns
        assert joined.row_keys == merged.row_keys and set(joined.row_keys) <= set(numbers)
        assert joined.row_keys
        for column_name, column in merged.columns.items():
            assert joined.columns[column_name].names == column.names, column_name
            assert joined.columns[column_name].entities == column.entities, column_name
            name_rows.update(joined.columns[column_name].names.rows)
        found = {
            row for column in joined.columns.values() for e in column.entities.values() for row in e.rows
        }
        assert found and found <= set(numbers)
    assert name_rows and name_rows <= set(numbers)
