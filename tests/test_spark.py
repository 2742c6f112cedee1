"""The scan on Spark gives the local engine's report: same findings, counts, examples and row numbers,
whatever the partitioning, for local paths (read on the driver), file:// URIs (read in tasks) and
DataFrames (the notebook API); unreadable inputs are reported, retried tasks are not counted twice.

One Spark session for the module: local[2,3], two cores as in local[2], with up to three attempts per
task (local mode retries nothing otherwise) so that a lost worker can be retried.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'ccscan[spark]' (CI does)")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17 on CI); none is installed", allow_module_level=True)

import jsonschema
import openpyxl
import polars as pl
from click.testing import CliRunner
from pyspark import cloudpickle
from pyspark.sql import SparkSession
from report_samples import CRM_CSV

from benchmarks.generate_exports import CALLS_FILE, LABELS_FILE, generate
from scanner.cli import main
from scanner.spark import driver
from scanner.spark.executor import scan_shipped
from scanner.spark.lake import NO_SUCH_PATH, LakeFile
from scanner.spark.notebook import scan_dataframe

REPOSITORY = Path(__file__).resolve().parents[1]
AS_OF = "2025-06-30"
# small batches, so that a table is several batches; a folder left out, so that listings are filtered
OPTIONS = ("--batch-rows", "40", "--exclude", "2025")
# the module's functions travel to Spark's workers by value: tests/ is not importable there
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def spark() -> SparkSession:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2,3]")
        .appName("ccscan-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.executorEnv.PYTHONPATH", str(REPOSITORY))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _contacts(count: int) -> str:
    lines = ["kunde_id;navn;epost;telefon;sist_kontaktet;status"]
    for i in range(count):
        email = f"kunde{i % 7}@example.no" if i % 3 else f"person.{i}@example.se"
        lines.append(f"{1000 + i};Kari {i};{email};+47 9{i % 5}{i:06d};20{10 + i % 15:02d}-03-01;lead")
    return "\n".join(lines) + "\n"


def _mixed_exports(folder: Path) -> Path:
    """Every input kind, and the faults the local engine reports: a malformed CSV, a broken JSON."""
    (folder / "nested").mkdir(parents=True)
    (folder / "crm.csv").write_text(CRM_CSV, encoding="utf-8")
    (folder / "contacts.csv").write_text(_contacts(40), encoding="utf-8")
    malformed = _contacts(40).splitlines()
    malformed[23] += ";extra kari.extra@example.no"
    malformed[33] = '9999;"never closed'
    (folder / "nested" / "malformed.csv").write_text("\n".join(malformed) + "\n", encoding="utf-8")
    records = [{"id": str(i), "kontakt": {"epost": f"n{i}@example.dk"}} for i in range(30)]
    for record in records[20:]:
        record["telefon"] = "+45 20 12 34 56"
    (folder / "events.ndjson").write_text("\n".join(json.dumps(record) for record in records) + "\n")
    text = json.dumps(records)
    (folder / "broken.json").write_text(text[: len(text) * 3 // 4])
    workbook = openpyxl.Workbook()
    for line in _contacts(12).splitlines():
        workbook.active.append(line.split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    (folder / "nested" / "kunder.xlsx").write_bytes(buffer.getvalue())
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("inner/contacts.csv.gz", gzip.compress(_contacts(25).encode()))
    (folder / "bundle.zip").write_bytes(archive.getvalue())
    pl.DataFrame({"fnr": ["15108695088", None], "note": ["ring", "ok"]}).write_parquet(folder / "ids.parquet")
    return folder


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test corpus: every input kind, and a generated export split over several files."""
    root = tmp_path_factory.mktemp("spark") / "exports"
    _mixed_exports(root / "mixed")
    for part, seed in (("2024", 11), ("2025", 12)):
        generate(root / "lake" / part, rows=120, seed=seed)
        (root / "lake" / part / LABELS_FILE).unlink()
    return root


def _scan(tmp_path: Path, *args: str) -> tuple[int, dict]:
    out = tmp_path / f"report-{len(list(tmp_path.glob('report-*')))}.json"
    result = CliRunner().invoke(main, ["scan", *args, "--as-of", AS_OF, "-o", str(out), "--quiet"])
    assert out.exists(), result.output
    report = json.loads(out.read_text())
    report.pop("scanned_at")
    report["config"].pop("engine")
    report["config"].pop("batch_rows")
    return result.exit_code, report


@pytest.fixture(scope="module")
def local(exports, tmp_path_factory) -> tuple[int, dict]:
    """The local engine's report on the corpus: what every scan on Spark must give."""
    return _scan(tmp_path_factory.mktemp("local"), str(exports), *OPTIONS)


def test_local_paths_on_spark_give_the_local_report(spark, exports, local, tmp_path) -> None:
    assert _scan(tmp_path, str(exports), *OPTIONS, "--engine", "spark") == local
    exit_code, report = local
    assert exit_code == 2  # broken.json is reported as in every local scan
    files = {Path(entry["path"]).name: entry for entry in report["files"]}
    assert files["broken.json"]["errors"] == ["not valid JSON"]
    assert files["malformed.csv"]["rows_unreadable"] == 1
    assert report["summary"]["columns_with_personal_data"] >= 10
    assert any(finding["rule"].startswith("CC-RET-") for finding in report["findings"])
    assert not any("/2025/" in entry["path"] for entry in report["files"])


def _as_local(report: dict, uri: str, folder: Path) -> dict:
    """The report with the URI's prefix written as the local folder it names."""
    return json.loads(json.dumps(report).replace(uri, str(folder)))


@pytest.mark.parametrize("max_partition_bytes", ["1k", "128m"])
def test_uris_on_spark_give_the_local_report(spark, exports, local, tmp_path, max_partition_bytes) -> None:
    uri = exports.as_uri()  # file:///…/exports
    spark.conf.set("spark.sql.files.maxPartitionBytes", max_partition_bytes)
    try:
        listed = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(uri)
        partitions = listed.rdd.getNumPartitions()
        on_spark = _scan(tmp_path, uri, *OPTIONS, "--engine", "spark")
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert partitions > 2 if max_partition_bytes == "1k" else partitions <= 2  # a file each, or packed
    assert (on_spark[0], _as_local(on_spark[1], uri, exports)) == local
    assert f"{uri}/lake/2024/{CALLS_FILE}" in [entry["path"] for entry in on_spark[1]["files"]]


def test_a_sample_on_spark_is_the_local_sample(spark, exports, tmp_path) -> None:
    lake = exports / "lake" / "2024"  # two generated exports of 120 rows
    sampled = ("--sample", "30", *OPTIONS)
    local = _scan(tmp_path, str(lake), *sampled)
    assert [(entry["rows"], entry["sample"]["rows_scanned"]) for entry in local[1]["files"]] == [
        (120, 30)
    ] * 2
    assert _scan(tmp_path, str(lake), *sampled, "--engine", "spark") == local
    on_spark = _scan(tmp_path, lake.as_uri(), *sampled, "--engine", "spark")
    assert (on_spark[0], _as_local(on_spark[1], lake.as_uri(), lake)) == local


def test_a_dataframe_gives_the_report_of_its_file_whatever_its_partitions(spark, exports, tmp_path) -> None:
    calls = exports / "lake" / "2024" / CALLS_FILE
    _, local = _scan(tmp_path, str(calls))
    spark.conf.set("spark.sql.files.maxPartitionBytes", "8k")
    try:
        split = spark.read.csv(str(calls), header=True)
        assert split.rdd.getNumPartitions() > 1
        as_of = date.fromisoformat(AS_OF)
        results = [scan_dataframe(frame, str(calls), as_of=as_of) for frame in (split, split.coalesce(1))]
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    for result in results:
        report = result.report
        (table,) = report["files"]
        assert table["format"] == "spark"
        assert table | {"format": "csv"} == local["files"][0]
        assert report["findings"] == local["findings"]
        assert report["summary"] == local["summary"]


def test_the_notebook_api_writes_the_report_files(spark, exports, tmp_path) -> None:
    frame = spark.read.option("delimiter", ";").csv(str(exports / "mixed" / "contacts.csv"), header=True)
    result = scan_dataframe(
        frame, "crm", output_dir=tmp_path / "out", formats=("json", "html"), ignore_columns=["navn"]
    )
    assert sorted(Path(path).name for path in result.files) == ["ccscan-report.html", "ccscan-report.json"]
    written = json.loads((tmp_path / "out" / "ccscan-report.json").read_text())
    assert written["files"] == result.report["files"]
    jsonschema.validate(written, json.loads((REPOSITORY / "scanner" / "report_schema.json").read_text()))
    (table,) = written["files"]
    assert (table["path"], table["rows"], table["ignored_columns"]) == ("crm", 40, ["navn"])
    columns = [column["name"] for column in table["columns"]]
    assert columns == ["kunde_id", "epost", "telefon", "sist_kontaktet", "status"]
    assert result.findings == written["findings"] and result.findings
    assert "<html" in result.html and "crm" in result._repr_markdown_()


def _dies_after_its_output(batches, marker: str, **arguments):
    """scan_shipped, whose first attempt at partition 0 sends its output and then loses its worker
    (once: `marker` records that it died)."""
    from pyspark import TaskContext

    context = TaskContext.get()
    yield from scan_shipped(batches, **arguments)
    if context.partitionId() == 0 and context.attemptNumber() == 0 and not Path(marker).exists():
        Path(marker).touch()
        os._exit(1)


def test_a_lost_worker_is_retried_without_counting_twice(spark, exports, tmp_path, monkeypatch) -> None:
    contacts = str(exports / "mixed" / "contacts.csv")  # 40 rows: four batches in two partitions
    expected = _scan(tmp_path, contacts, "--batch-rows", "10")
    marker = tmp_path / "worker-lost"
    monkeypatch.setattr(
        driver,
        "scan_shipped",
        lambda batches, **arguments: _dies_after_its_output(batches, str(marker), **arguments),
    )
    assert _scan(tmp_path, contacts, "--batch-rows", "10", "--engine", "spark") == expected
    assert marker.exists()
    assert expected[1]["files"][0]["rows"] == 40


def test_a_file_spark_cannot_read_is_reported_and_the_others_scanned(spark, exports, tmp_path, monkeypatch):
    folder = exports / "mixed"
    uri = folder.as_uri()
    listed = driver.lake_files
    vanished = LakeFile(f"{uri}/vanished.csv", f"{uri}/vanished.csv", 10)
    monkeypatch.setattr(driver, "lake_files", lambda *args: (listed(*args)[0] + [vanished], []))
    exit_code, report = _scan(tmp_path, uri, "--engine", "spark")
    _, local = _scan(tmp_path, str(folder))
    *scanned, lost = report["files"]
    assert lost["path"] == vanished.location
    assert lost["errors"] == ["could not be read by Spark (AnalysisException)"]  # the path no longer exists
    assert _as_local(scanned, uri, folder) == local["files"]
    assert exit_code == 2


def test_an_unreadable_partition_is_the_tables_error(spark, tmp_path) -> None:
    folder = tmp_path / "table"
    folder.mkdir()
    pl.DataFrame({"fnr": ["15108695088"]}).write_parquet(folder / "part-0.parquet")
    (folder / "part-1.parquet").write_bytes(b"PAR1 not a parquet file PAR1")
    result = scan_dataframe(spark.read.schema("fnr string").parquet(str(folder)), "ids")
    (table,) = result.report["files"]
    assert table["errors"] == ["could not be read by Spark (Py4JJavaError)"]  # the job failed reading part-1
    assert (table["rows"], table["columns"]) == (0, [])


def test_a_uri_needs_the_spark_engine_and_workers_need_the_local_one(spark, tmp_path) -> None:
    result = CliRunner().invoke(main, ["scan", "s3a://bucket/exports", "-o", str(tmp_path / "r.json")])
    assert (result.exit_code, result.output.strip()) == (
        2,
        "ccscan: error: s3a://bucket/exports: a URI is read by Spark: add --engine spark",
    )
    missing = (tmp_path / "nowhere").as_uri()
    result = CliRunner().invoke(main, ["scan", missing, "--engine", "spark", "-o", str(tmp_path / "r.json")])
    assert (result.exit_code, result.output.strip()) == (2, f"ccscan: error: {missing}: {NO_SUCH_PATH}")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--engine", "spark", "--workers", "2"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "ccscan: error: --workers is for the local engine; on Spark, every executor core scans a partition"
    )


def test_without_pyspark_the_spark_engine_says_what_to_install(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # as if pyspark were not installed
    (tmp_path / "crm.csv").write_text(CRM_CSV, encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "crm.csv"), "--engine", "spark", "-o", "-"])
    assert (result.exit_code, result.output.strip()) == (
        2,
        "ccscan: error: --engine spark needs pyspark: pip install 'ccscan[spark]'",
    )
