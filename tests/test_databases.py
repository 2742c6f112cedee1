"""Scanning PostgreSQL (a throwaway cluster, tests/pg_server.py) and SQLite files directly, read-only."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.readers.database import DatabaseOptions, redacted, selected_columns
from tests.pg_server import PostgresServer, pg_server  # noqa: F401 - the session fixture
from tests.report_samples import FNR

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "scanner" / "report_schema.json").read_text())
DATABASE = "contact_center"
READER = "ccscan_reader"
PASSWORD = "Pw-never-shown-7"
PHONE_DIGITS = 4791234567  # +47 912 34 567 stored as a bigint
AS_OF = "2025-06-30"

CONTACT_CENTER = f"""
CREATE TABLE contacts (fodselsnummer text PRIMARY KEY, name text, phone bigint, email text, since date);
INSERT INTO contacts VALUES ('{FNR}', 'Kari Testesen', {PHONE_DIGITS}, 'kari.testesen@example.no', '2019-05-01');
CREATE TABLE calls (id bigint PRIMARY KEY, started_at timestamptz, metadata jsonb, notes text);
INSERT INTO calls VALUES
  (101, '2020-01-15 10:00:00+01', '{{"customer": {{"phone": "+47 912 34 567"}}, "order": 12345678901234567}}', 'ring tilbake'),
  (102, '2025-06-01 09:00:00+00', '[1, 2]', NULL),
  (103, NULL, NULL, 'ingen svar');
CREATE TABLE recordings (call_id bigint PRIMARY KEY, audio bytea, caller_hash bytea);
INSERT INTO recordings VALUES (101, '\\x524946460000deadbeefcafe', decode('{hashlib.sha256(b"+4791234567").hexdigest()}', 'hex'));
CREATE TABLE call_events (call_id bigint, event text);
INSERT INTO call_events VALUES (101, 'transfer'), (102, 'callback to +47 912 34 567');
CREATE TABLE agent_salaries (agent text, salary numeric);
INSERT INTO agent_salaries VALUES ('A1', 50000);
CREATE TABLE big_calls (id integer PRIMARY KEY, started_at timestamp, caller text);
INSERT INTO big_calls SELECT n, timestamp '2024-01-01' + n * interval '1 minute', '+47 912 34 567' FROM generate_series(1, 20000) n;
CREATE ROLE {READER} LOGIN PASSWORD '{PASSWORD}';
GRANT SELECT ON contacts, calls, recordings, call_events, big_calls TO {READER}
"""


@pytest.fixture(scope="module")
def contact_center(pg_server: PostgresServer) -> PostgresServer:  # noqa: F811
    pg_server.execute(f"CREATE DATABASE {DATABASE}")
    pg_server.execute(CONTACT_CENTER, DATABASE)
    return pg_server


def _scan(tmp_path: Path, *args: str, stdin: str | None = None, env: dict | None = None):
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        main,
        ["scan", *args, "--output", str(report_path), "--quiet", "--as-of", AS_OF],
        input=stdin,
        env=env,
    )
    text = report_path.read_text() if report_path.exists() else ""
    return result, (json.loads(text) if text else None), text


def _tables(report: dict) -> dict[str, dict]:
    return {entry["path"].rpartition("!")[2]: entry for entry in report["files"]}


def _entities(entry: dict) -> dict[str, set[str]]:
    return {column["name"]: {e["type"] for e in column["entities"]} for column in entry["columns"]}


@pytest.fixture(scope="module")
def scanned(contact_center: PostgresServer, tmp_path_factory) -> tuple:
    tmp_path = tmp_path_factory.mktemp("pg-scan")
    return _scan(tmp_path, contact_center.url(DATABASE, READER, PASSWORD), "--exclude", "public.big_calls")


def test_every_table_of_the_contact_center_is_scanned_and_matches_the_schema(scanned):
    result, report, _ = scanned
    jsonschema.validate(report, SCHEMA)
    assert set(_tables(report)) == {
        "public.contacts",
        "public.calls",
        "public.recordings",
        "public.call_events",
        "public.agent_salaries",
    }
    assert all(entry["format"] == "postgresql" for entry in report["files"])
    assert result.exit_code == 2  # one table could not be read


def test_a_table_the_role_may_not_read_is_reported_and_the_others_still_scanned(scanned):
    _, report, _ = scanned
    tables = _tables(report)
    assert tables["public.agent_salaries"]["errors"] == ["permission denied"]
    assert tables["public.contacts"]["errors"] == [] and tables["public.contacts"]["rows"] == 1


def test_a_bigint_phone_and_a_text_national_id_are_found(scanned):
    contacts = _tables(scanned[1])["public.contacts"]
    found = _entities(contacts)
    assert "PHONE_NUMBER" in found["phone"]
    assert "NO_FODSELSNUMMER" in found["fodselsnummer"]
    assert "EMAIL_ADDRESS" in found["email"]


def test_jsonb_is_flattened_like_ndjson_and_its_numbers_keep_every_digit(scanned):
    calls = _tables(scanned[1])["public.calls"]
    found = _entities(calls)
    assert "PHONE_NUMBER" in found["metadata.customer.phone"]
    names = [column["name"] for column in calls["columns"]]
    assert "metadata.order" in names and "metadata" in names  # "[1, 2]" is no object: kept whole


def test_bytea_is_checked_for_protection_shapes_only(scanned):
    recordings = {c["name"]: c for c in _tables(scanned[1])["public.recordings"]["columns"]}
    assert recordings["audio"]["entities"] == [] and recordings["caller_hash"]["entities"] == []
    assert recordings["caller_hash"]["protection"]["shapes"] == {"sha256": 1}
    rules = {(f["column"], f["rule"]) for f in scanned[1]["findings"]}
    assert ("caller_hash", "CC-HASH-REVERSIBLE") in rules  # the digest of a phone found elsewhere


def test_timestamptz_is_used_natively_by_the_retention_rule(scanned):
    calls = _tables(scanned[1])["public.calls"]
    (check,) = [c for c in calls["retention"] if c["rule"] == "CC-RET-CDR"]
    assert (check["date_column"], check["rows"], check["dated"], check["undated"]) == ("started_at", 3, 2, 1)
    assert (check["unparseable"], check["overdue"]) == (0, 1)
    assert calls["row_keys"]["1"] == "101"  # the overdue row, located by its key


def test_a_personal_primary_key_is_masked_in_the_row_locations(scanned):
    _, report, text = scanned
    contacts = _tables(report)["public.contacts"]
    (key,) = contacts["row_keys"].values()
    assert key == "*" * (len(FNR) - 1) + FNR[-1]  # a national ID keeps only its shape (scanner/masking.py)
    assert FNR not in text


def test_a_table_without_primary_key_is_located_by_row_position(scanned):
    events = _tables(scanned[1])["public.call_events"]
    assert "row_keys" not in events
    assert any("no primary key" in warning for warning in events["warnings"])
    (column,) = [c for c in events["columns"] if c["name"] == "event"]
    assert column["entities"][0]["rows"] == [2]


def test_the_password_is_never_in_the_report(scanned, contact_center):
    _, report, text = scanned
    assert PASSWORD not in text
    assert report["files"][0]["path"].startswith(redacted(contact_center.url(DATABASE, READER)))


def test_password_from_stdin_is_used_and_not_shown(contact_center, tmp_path):
    url = contact_center.url(DATABASE, READER)
    result, report, text = _scan(
        tmp_path, url, "--include", "public.contacts", "--password-stdin", stdin=PASSWORD
    )
    assert result.exit_code == 1 and PASSWORD not in text and PASSWORD not in result.output
    assert list(_tables(report)) == ["public.contacts"]


def test_a_database_that_cannot_be_connected_to_is_one_error_line_and_the_files_are_still_scanned(
    contact_center, tmp_path
):
    url = contact_center.url("no_such_database", READER, PASSWORD)
    export = tmp_path / "export"
    export.mkdir()
    (export / "contacts.csv").write_text(f"id;fodselsnummer\n1;{FNR}\n")
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", url, str(export), "--output", str(report_path)])
    text = report_path.read_text()
    report = json.loads(text)
    jsonschema.validate(report, SCHEMA)
    assert result.exit_code == 2  # incomplete: one source not read
    entries = {Path(entry["path"]).name: entry for entry in report["files"]}
    assert entries["contacts.csv"]["errors"] == [] and entries["contacts.csv"]["rows"] == 1
    (database,) = [entry for entry in report["files"] if entry["format"] == "postgresql"]
    assert database["path"].startswith("postgresql://ccscan_reader@/no_such_database")
    assert len(database["errors"]) == 1 and database["rows"] == 0
    errors = [line for line in result.output.splitlines() if "error:" in line]
    assert len(errors) == 1 and errors[0].strip().startswith(
        "error: postgresql://ccscan_reader@/no_such_database"
    )
    assert PASSWORD not in result.output and PASSWORD not in text and "Traceback" not in result.output


def test_include_and_exclude_globs_select_tables_and_columns(contact_center, tmp_path):
    url = contact_center.url(DATABASE, READER)
    args = ("--include", "public.c*", "--exclude", "public.call_events", "--exclude", "contacts.email")
    _, report, _ = _scan(tmp_path, url, *args)
    tables = _tables(report)
    assert set(tables) == {"public.contacts", "public.calls"}
    assert "email" not in _entities(tables["public.contacts"])


def test_sample_uses_tablesample_and_says_so(contact_center, tmp_path):
    url = contact_center.url(DATABASE, READER)
    _, report, _ = _scan(tmp_path, url, "--include", "public.big_calls", "--sample", "2000")
    (entry,) = report["files"]
    jsonschema.validate(report, SCHEMA)
    assert entry["rows"] == 20_000
    assert "TABLESAMPLE SYSTEM" in entry["sample"]["method"]
    assert 0 < entry["sample"]["rows_scanned"] < 20_000


def test_the_scan_role_can_only_select_and_a_write_in_the_scan_transaction_fails(contact_center):
    from adbc_driver_manager import Error as AdbcError

    from scanner.readers.postgresql import PostgresDatabase, sqlstate_text

    database = PostgresDatabase(contact_center.url(DATABASE, READER), DatabaseOptions())
    try:
        cursor = database.cursor()  # the transaction each table is read in
        cursor.execute(
            "SELECT has_table_privilege('contacts', 'INSERT'), current_setting('transaction_read_only')"
        )
        assert cursor.fetchall() == [(False, "on")]
        with pytest.raises(AdbcError) as refused:
            cursor.execute("DELETE FROM calls")
        assert sqlstate_text(refused.value) == "a write was refused: the transaction is read-only"
        database.connection.rollback()
    finally:
        database.close()
    superuser = PostgresDatabase(contact_center.url(DATABASE), DatabaseOptions())
    try:
        with pytest.raises(AdbcError) as refused:
            superuser.cursor().execute("UPDATE calls SET notes = NULL")  # even a superuser's scan
        assert refused.value.sqlstate == "25006"
    finally:
        superuser.close()


def _sqlite_file(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.executescript(
            f"""
            CREATE TABLE contacts (id INTEGER PRIMARY KEY, fodselsnummer TEXT, phone INTEGER, photo BLOB);
            INSERT INTO contacts VALUES (7, '{FNR}', {PHONE_DIGITS}, x'89504e470d0a1a0a');
            CREATE TABLE notes (body TEXT);
            INSERT INTO notes VALUES ('ring {FNR}');
            CREATE VIEW contact_phones AS SELECT phone FROM contacts;
            """
        )
    connection.close()
    return path


@pytest.mark.parametrize("given", ["path", "url"])
def test_a_sqlite_file_is_scanned_by_path_or_url(tmp_path, given):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    database = _sqlite_file(tmp_path / ("crm.db" if given == "url" else "crm.bin"))
    before = database.read_bytes()
    argument = str(database) if given == "path" else f"sqlite:///{database}"
    result, report, text = _scan(tmp_path, argument, "--views")
    jsonschema.validate(report, SCHEMA)
    tables = _tables(report)
    assert set(tables) == {"main.contacts", "main.notes", "main.contact_phones"}
    found = _entities(tables["main.contacts"])
    assert "NO_FODSELSNUMMER" in found["fodselsnummer"] and "PHONE_NUMBER" in found["phone"]
    assert found["photo"] == set()
    assert tables["main.contacts"]["row_keys"] == {"1": "7"}
    assert FNR not in text and result.exit_code == 1
    assert database.read_bytes() == before


def test_a_sqlite_file_in_a_folder_is_found_by_its_magic_bytes(tmp_path):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    (tmp_path / "exports").mkdir()
    _sqlite_file(tmp_path / "exports" / "crm.sqlite3")
    _, report, _ = _scan(tmp_path, str(tmp_path / "exports"))
    assert sorted(entry["path"] for entry in report["files"]) == [
        f"{tmp_path}/exports/crm.sqlite3!main.contacts",
        f"{tmp_path}/exports/crm.sqlite3!main.notes",
    ]


def test_a_write_through_the_sqlite_reader_fails(tmp_path):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    from adbc_driver_manager import Error as AdbcError

    from scanner.readers.sqlite import SqliteDatabase

    database = SqliteDatabase(str(_sqlite_file(tmp_path / "crm.db")), DatabaseOptions())
    try:
        with pytest.raises(AdbcError):
            database.connection.cursor().execute("DELETE FROM notes")
    finally:
        database.close()


def test_column_globs_select_columns_of_a_table():
    from scanner.readers.database import TEXT, DatabaseColumn, DatabaseTable

    table = DatabaseTable("public", "calls", (DatabaseColumn("id", TEXT), DatabaseColumn("notes", TEXT)))
    assert selected_columns(table, (), ("calls.notes",)) == ["id"]
    assert selected_columns(table, ("calls.notes",), ()) == ["notes"]
    assert selected_columns(table, ("public.*",), ("public.calls.id",)) == ["notes"]
    assert selected_columns(table, (), ("public.calls",)) == []


def test_the_password_is_removed_from_urls():
    assert redacted("postgresql://scan:se%40cret@db:5432/crm?sslmode=require&password=x") == (
        "postgresql://scan@db:5432/crm?sslmode=require"
    )
    assert redacted("postgresql:///crm?host=/run/postgresql") == "postgresql:///crm?host=/run/postgresql"


def test_a_file_export_diffs_against_the_database_it_came_from(tmp_path):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    database = _sqlite_file(tmp_path / "crm.db")
    export = tmp_path / "export" / "contacts.csv"
    export.parent.mkdir()
    export.write_text(f"id,fodselsnummer,phone,photo\n7,{FNR},{PHONE_DIGITS},\n", encoding="utf-8")
    _scan(tmp_path / "db", str(database))
    _scan(tmp_path / "csv", str(export))
    result = CliRunner().invoke(
        main,
        [
            "diff",
            str(tmp_path / "db" / "report.json"),
            str(tmp_path / "csv" / "report.json"),
            "--match-by",
            "stem",
            "--format",
            "json",
        ],
    )
    changes = json.loads(result.output)
    # the export holds the same personal data as the table it came from; only the notes table is gone
    assert [column["table"] for column in changes["columns_removed"]] == [f"{database}!main.notes"]
    assert changes["columns_added"] == [] and changes["protection_changed"] == []


def test_every_report_format_renders_a_database_scan(contact_center, tmp_path):
    url = contact_center.url(DATABASE, READER)
    result = CliRunner().invoke(
        main,
        [
            "scan",
            url,
            "--include",
            "public.c*",
            "--quiet",
            "--output-dir",
            str(tmp_path),
            "--format",
            "json",
            "--format",
            "html",
            "--format",
            "sarif",
            "--format",
            "markdown",
        ],
    )
    assert result.exit_code == 1, result.output
    written = {path.suffix: path.read_text() for path in tmp_path.iterdir()}
    assert set(written) == {".json", ".html", ".sarif", ".md"}
    assert all("public.calls" in text and FNR not in text for text in written.values())


def test_database_settings_come_from_the_config_file_and_are_in_the_report(tmp_path, monkeypatch):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    database = _sqlite_file(tmp_path / "crm.db")
    (tmp_path / "ccscan.toml").write_text('schemas = ["main"]\nviews = true\nstatement_timeout = 90\n')
    monkeypatch.chdir(tmp_path)
    result, report, _ = _scan(tmp_path, f"sqlite:///{database}")
    assert result.exit_code == 1, result.output
    jsonschema.validate(report, SCHEMA)
    assert "main.contact_phones" in _tables(report)  # views = true
    assert {key: report["config"][key] for key in ("schemas", "views", "statement_timeout_s")} == {
        "schemas": ["main"],
        "views": True,
        "statement_timeout_s": 90,
    }
    # the command line's list replaces the file's; a schema with nothing in it is said, not skipped
    result, report, _ = _scan(tmp_path, f"sqlite:///{database}", "--schema", "other")
    assert result.exit_code == 2
    (entry,) = report["files"]
    assert entry["errors"] == ["no table or view in schema(s) other (no such schema, or nothing in it)"]
    assert report["config"]["schemas"] == ["other"]


def test_a_file_scan_report_has_no_database_settings(tmp_path):
    (tmp_path / "a.csv").write_text("id;navn\n1;Kari Testesen\n")
    _, report, _ = _scan(tmp_path, str(tmp_path / "a.csv"))
    assert not {"schemas", "views", "statement_timeout_s"} & set(report["config"])
