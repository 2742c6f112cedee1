"""ccscan find on databases: PostgreSQL (a throwaway cluster, tests/pg_server.py) and SQLite files, read
read-only as the scan reads them; rows located by their primary key.

Identifiers are generated with valid check digits (tests/test_find.py); assertion messages name labels,
tables and keys only, never an identifier.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scanner.cli import main
from tests.pg_server import PostgresServer, pg_server  # noqa: F401 - the session fixture
from tests.test_find import People, _people

SCHEMA = json.loads((Path(__file__).parents[1] / "scanner/find/find_schema.json").read_text())
DATABASE = "find_center"
READER = "find_reader"
PASSWORD = "Pw-find-never-shown-3"


def _center(people: People) -> str:
    p = people
    se = p.se_mobile
    return f"""
CREATE TABLE contacts (id bigint PRIMARY KEY, national_id text, name text, phone bigint, email text);
INSERT INTO contacts VALUES
  (1, '{p.fnr[:6]} {p.fnr[6:]}', 'Kari Nordmann', NULL, NULL),
  (2, '{p.fnr_off_by_one}', 'Ola Nordmann', 46{p.se_mobile_neighbour}, NULL);
CREATE TABLE calls (id bigint PRIMARY KEY, started_at timestamptz, metadata jsonb, notes text);
INSERT INTO calls VALUES
  (101, '2024-01-15 10:00:00+01', '{{"customer": {{"phone": "+46 (0){se[:2]}-{se[2:5]} {se[5:]}"}}}}', 'ok'),
  (102, '2024-02-01 09:00:00+00', NULL, 'ringde, pnr 19{p.pnr[:6]}-{p.pnr[6:]}, ring tilbake'),
  (103, NULL, '{{"customer": {{"phone": "+46 {p.se_mobile_neighbour}"}}}}', 'ingen svar');
CREATE TABLE persons (fodselsnummer text PRIMARY KEY, note text);
INSERT INTO persons VALUES ('{p.fnr}', 'kunde siden 2019');
CREATE TABLE call_events (call_id bigint, event text);
INSERT INTO call_events VALUES (101, 'transfer'), (102, 'callback to 0{se}');
CREATE TABLE agent_salaries (agent text, salary numeric);
INSERT INTO agent_salaries VALUES ('A1', 50000);
CREATE ROLE {READER} LOGIN PASSWORD '{PASSWORD}';
GRANT SELECT ON contacts, calls, persons, call_events TO {READER}
"""


def _subjects(people: People) -> str:
    p = people
    return (
        "label,national_id,phone\n"
        f"REQ-1,{p.fnr},\n"  # in contacts with a space, and as the key of persons
        f"REQ-2,,+46{p.se_mobile}\n"  # in calls' JSONB and in call_events' text
        f"REQ-3,{p.pnr},\n"  # the 12-digit writing with a hyphen in calls' notes
        f"REQ-4,{p.hetu},\n"  # nowhere
        "REQ-5,,+45 20 24 01 15\n"  # a Danish mobile whose local writing is in 2024-01-15 09:00 (calls)
    )


@pytest.fixture(scope="module")
def center(pg_server: PostgresServer) -> PostgresServer:  # noqa: F811
    pg_server.execute(f"CREATE DATABASE {DATABASE}")
    pg_server.execute(_center(_people()), DATABASE)
    return pg_server


def _find(tmp_path: Path, *args: str, stdin: str | None = None, subjects: str | None = None):
    """Run `ccscan find` with a subjects file in tmp_path; the exit code, the output and the report."""
    subjects_file = tmp_path / "subjects.csv"
    subjects_file.write_text(subjects or _subjects(_people()))
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["find", "--subjects", str(subjects_file), *args, "-o", str(report_path)], input=stdin
    )
    text = report_path.read_text() if report_path.exists() else ""
    return result, (json.loads(text) if text else None), text


def _found(report: dict, label: str) -> dict[str, dict]:
    """schema.table -> the subject's table entry."""
    subject = next(entry for entry in report["subjects"] if entry["label"] == label)
    return {table["table"]: table for table in subject["tables"]}


def _columns(row: dict) -> dict[str, list[str]]:
    return {column["column"]: column["kinds"] for column in row["columns"]}


@pytest.fixture(scope="module")
def searched(center: PostgresServer, tmp_path_factory) -> tuple:
    tmp_path = tmp_path_factory.mktemp("pg-find")
    export, manifest = tmp_path / "access", tmp_path / "erase.json"
    url = center.url(DATABASE, READER, PASSWORD)
    result, report, text = _find(
        tmp_path, url, "--export-rows", str(export), "--erasure-manifest", str(manifest)
    )
    return result, report, text, export, manifest


def test_every_table_is_searched_and_the_report_follows_its_schema(searched):
    result, report, _, _, _ = searched
    jsonschema.validate(report, SCHEMA)
    tables = {table["table"]: table for table in report["tables"]}
    assert set(tables) == {
        "public.contacts",
        "public.calls",
        "public.persons",
        "public.call_events",
        "public.agent_salaries",
    }
    assert all(table["path"].startswith("postgresql://find_reader@/find_center") for table in tables.values())
    assert tables["public.calls"]["rows"] == 3 and tables["public.calls"]["key_columns"] == ["id"]
    assert result.exit_code == 2  # one table could not be read: the answer is incomplete


def test_a_table_the_role_may_not_read_is_an_error_in_its_entry_and_the_others_are_searched(searched):
    result, report, _, _, _ = searched
    tables = {table["table"]: table for table in report["tables"]}
    assert tables["public.agent_salaries"]["errors"] == ["permission denied"]
    assert [table for table, entry in tables.items() if entry["errors"]] == ["public.agent_salaries"]
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and errors[0].endswith("!public.agent_salaries: permission denied")


def test_a_national_id_in_another_writing_is_found_in_its_column_and_the_row_given_by_its_key(searched):
    report = searched[1]
    contacts = _found(report, "REQ-1")["public.contacts"]
    assert [(row["row"], row["key"], _columns(row)) for row in contacts["rows"]] == [
        (1, "1", {"national_id": ["national_id"]})
    ]
    assert "NATIONAL_ID" in contacts["categories"]


def test_a_phone_in_a_jsonb_field_and_a_national_id_in_free_text_are_found(searched):
    report = searched[1]
    calls = _found(report, "REQ-2")["public.calls"]
    assert [(row["key"], _columns(row)) for row in calls["rows"]] == [
        ("101", {"metadata.customer.phone": ["phone"]})
    ]
    notes = _found(report, "REQ-3")["public.calls"]
    assert [(row["key"], _columns(row)) for row in notes["rows"]] == [("102", {"notes": ["national_id"]})]


def test_near_misses_in_a_database_are_not_found_and_a_subject_found_nowhere_is_listed(searched):
    report = searched[1]
    assert [row["key"] for row in _found(report, "REQ-1")["public.contacts"]["rows"]] == ["1"]
    assert [row["key"] for row in _found(report, "REQ-2")["public.calls"]["rows"]] == ["101"]
    nobody = next(entry for entry in report["subjects"] if entry["label"] == "REQ-4")
    assert (nobody["found"], nobody["tables"]) == (False, [])


def test_a_timestamp_column_is_not_searched_its_digit_groups_are_no_phone(searched):
    report = searched[1]
    dated = next(entry for entry in report["subjects"] if entry["label"] == "REQ-5")
    assert (dated["found"], dated["tables"]) == (False, [])


def test_a_personal_primary_key_is_masked_and_a_table_without_one_is_located_by_position(searched):
    report = searched[1]
    (row,) = _found(report, "REQ-1")["public.persons"]["rows"]
    people = _people()
    masked = row["key"] == "*" * (len(people.fnr) - 1) + people.fnr[-1]
    assert masked, "the key of public.persons is not masked"  # a failure must not print the key
    assert _columns(row) == {"fodselsnummer": ["national_id"]}  # the real column, not the hidden key
    events = _found(report, "REQ-2")["public.call_events"]
    assert "key_columns" not in events and [row["row"] for row in events["rows"]] == [2]
    assert "key" not in events["rows"][0]


def test_the_erasure_manifest_names_each_database_rows_primary_key(searched):
    manifest = json.loads(searched[4].read_text())
    entries = {entry["table"]: entry for entry in manifest["tables"]}
    calls = entries["public.calls"]
    assert calls["key_columns"] == ["id"]
    assert [(row["keys"], row["subjects"]) for row in calls["rows"]] == [
        ({"id": "101"}, ["REQ-2"]),
        ({"id": "102"}, ["REQ-3"]),
    ]
    assert [row["keys"] for row in entries["public.contacts"]["rows"]] == [{"id": "1"}]
    # a key that is the searched national ID itself is masked, as in the report
    people = _people()
    masked = entries["public.persons"]["rows"][0]["keys"] == {
        "fodselsnummer": "*" * (len(people.fnr) - 1) + people.fnr[-1]
    }
    assert masked, "the manifest's key of public.persons is not masked"
    assert entries["public.call_events"]["key_columns"] == ["call_id"]  # no primary key: named like one


def test_the_access_export_holds_the_database_rows_without_the_hidden_key_column(searched):
    export = searched[3]
    document = json.loads((export / "REQ-2.json").read_text())
    calls = next(table for table in document["tables"] if table["table"] == "public.calls")
    (row,) = calls["rows"]
    assert row["key"] == "101"
    assert set(row["values"]) == {"id", "started_at", "metadata.customer.phone", "notes"}
    assert row["values"]["started_at"].startswith("2024-01-15")
    assert all("__ccscan" not in name for table in document["tables"] for r in table["rows"] for name in r)
    assert all(path.stat().st_mode & 0o077 == 0 for path in [export, *export.iterdir()])


def test_no_identifier_or_password_is_in_the_output_report_or_manifest(searched):
    result, _, text, _, manifest = searched
    people = _people()
    outputs = [result.stdout, result.stderr, text, manifest.read_text()]
    secrets = [people.fnr, people.fnr[:6] + " " + people.fnr[6:], people.se_mobile, people.pnr, PASSWORD]
    leaked = [index for index, output in enumerate(outputs) for secret in secrets if secret in output]
    assert leaked == [], "an identifier or the password was written to an output"


def test_the_key_column_is_never_searched_as_data(center, tmp_path):
    url = center.url(DATABASE, READER, PASSWORD)
    _, report, _ = _find(tmp_path, url, "--include", "public.persons", "--exclude", "persons.fodselsnummer")
    (table,) = report["tables"]
    assert (table["table"], table["rows"], table["key_columns"]) == ("public.persons", 1, ["fodselsnummer"])
    assert report["summary"]["subjects_found"] == 0  # the key rides along, but is no cell of the table


def test_an_unreachable_database_is_one_error_line_and_the_files_are_still_searched(center, tmp_path):
    people = _people()
    export = tmp_path / "export"
    export.mkdir()
    (export / "calls.csv").write_text(f"id,notes\n1,ring 0{people.se_mobile}\n")
    url = center.url("no_such_database", READER, PASSWORD)
    result, report, text = _find(tmp_path, url, str(export))
    jsonschema.validate(report, SCHEMA)
    assert result.exit_code == 2  # incomplete: one source not read
    (found,) = next(entry for entry in report["subjects"] if entry["label"] == "REQ-2")["tables"]
    assert found["path"] == str(export / "calls.csv")
    (database,) = [table for table in report["tables"] if table["format"] == "postgresql"]
    assert database["path"] == "postgresql://find_reader@/no_such_database?host=" + str(center.socket_dir)
    assert len(database["errors"]) == 1 and database["errors"][0].startswith("cannot connect")
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "no_such_database" in errors[0]
    assert PASSWORD not in result.output and PASSWORD not in text and "Traceback" not in result.output


def test_the_password_from_standard_input_is_used_and_never_shown(center, tmp_path):
    url = center.url(DATABASE, READER)
    result, report, text = _find(
        tmp_path, url, "--include", "public.calls", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert result.exit_code == 1, result.output
    assert [table["table"] for table in report["tables"]] == ["public.calls"]
    assert PASSWORD not in result.output and PASSWORD not in text
    result, _, _ = _find(tmp_path, url, "--password-stdin", "--schema", "public", stdin=PASSWORD)
    assert result.exit_code == 2  # agent_salaries


def test_the_password_stdin_and_subjects_on_standard_input_cannot_share_it(center, tmp_path):
    url = center.url(DATABASE, READER)
    result = CliRunner().invoke(main, ["find", "--subjects", "-", url, "--password-stdin"], input="x\n")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "standard input" in result.stderr


def _digest(server: PostgresServer) -> list:
    """Every row of every table, as the superuser reads them, and the write counters of the tables."""
    import adbc_driver_postgresql.dbapi as adbc

    with adbc.connect(server.url(DATABASE)) as connection, connection.cursor() as cursor:
        cursor.adbc_statement.set_options(**{"adbc.postgresql.use_copy": "false"})
        cursor.execute(
            "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT * FROM calls) t "
            "UNION ALL SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT * FROM contacts) t "
            "UNION ALL SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT * FROM persons) t"
        )
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables ORDER BY relname"
        )
        return rows + cursor.fetchall()


def test_a_search_leaves_the_database_unchanged_even_as_its_owner(center, tmp_path):
    before = _digest(center)
    export = tmp_path / "access"
    result, _, _ = _find(
        tmp_path,
        center.url(DATABASE),  # the superuser: only the read-only transaction keeps it from writing
        "--export-rows",
        str(export),
        "--erasure-manifest",
        str(tmp_path / "m.json"),
    )
    assert result.exit_code == 1, result.output
    assert _digest(center) == before


def test_the_spark_engine_stays_refused_for_find(center, tmp_path):
    result, report, _ = _find(tmp_path, center.url(DATABASE, READER), "--engine", "spark")
    assert (result.exit_code, report) == (2, None)
    assert (
        result.stderr
        == "ccscan: error: --engine spark is not available for find yet; use fast or reference\n"
    )


def _sqlite_file(path: Path, people: People) -> Path:
    p = people
    with sqlite3.connect(path) as connection:
        connection.executescript(
            f"""
            CREATE TABLE contacts (id INTEGER PRIMARY KEY, national_id TEXT, phone INTEGER, photo BLOB);
            INSERT INTO contacts VALUES (7, '{p.fnr[:6]}-{p.fnr[6:]}', 46{p.se_mobile}, x'89504e470d0a1a0a');
            CREATE TABLE call_parts (call_id INTEGER, part INTEGER, body TEXT, PRIMARY KEY (call_id, part));
            INSERT INTO call_parts VALUES (5, 1, 'hei'), (5, 2, 'ring meg på +46 {p.se_mobile} i morgen');
            CREATE TABLE notes (body TEXT);
            INSERT INTO notes VALUES ('ingenting'), ('kunde {p.fnr}');
            """
        )
    connection.close()
    return path


@pytest.mark.parametrize("given", ["path", "url"])
def test_a_sqlite_file_is_searched_by_path_or_url_and_left_unchanged(tmp_path, given):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    database = _sqlite_file(tmp_path / "crm.db", _people())
    before = database.read_bytes()
    argument = str(database) if given == "path" else f"sqlite:///{database}"
    manifest = tmp_path / "erase.json"
    result, report, _ = _find(tmp_path, argument, "--erasure-manifest", str(manifest))
    assert result.exit_code == 1, result.output
    jsonschema.validate(report, SCHEMA)
    one, two = _found(report, "REQ-1"), _found(report, "REQ-2")
    assert [(row["key"], _columns(row)) for row in one["main.contacts"]["rows"]] == [
        ("7", {"national_id": ["national_id"]})
    ]
    assert [(row["row"], "key" in row) for row in one["main.notes"]["rows"]] == [(2, False)]
    assert [row["key"] for row in two["main.call_parts"]["rows"]] == ["5, 2"]
    assert _columns(two["main.contacts"]["rows"][0]) == {"phone": ["phone"]}  # a bare integer phone
    entries = {entry["table"]: entry for entry in json.loads(manifest.read_text())["tables"]}
    # a composite key, column by column: what `DELETE … WHERE call_id = 5 AND part = 2` needs
    assert entries["main.call_parts"]["key_columns"] == ["call_id", "part"]
    assert [row["keys"] for row in entries["main.call_parts"]["rows"]] == [{"call_id": "5", "part": "2"}]
    assert database.read_bytes() == before


@pytest.mark.parametrize(("batch_rows", "workers"), [("1", "1"), ("1", "2")])
def test_batch_sizes_and_workers_give_a_database_the_same_answer(tmp_path, batch_rows, workers):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    database = _sqlite_file(tmp_path / "crm.db", _people())
    for folder in ("whole", "split"):
        (tmp_path / folder).mkdir()
    _, whole, _ = _find(tmp_path / "whole", str(database))
    _, split, _ = _find(tmp_path / "split", str(database), "--batch-rows", batch_rows, "--workers", workers)
    assert split["subjects"] == whole["subjects"]
    assert [row["key"] for row in _found(split, "REQ-2")["main.call_parts"]["rows"]] == ["5, 2"]


def test_the_markdown_and_html_reports_give_a_database_rows_key(tmp_path):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    from scanner.find.renderers import render_find

    _, report, _ = _find(tmp_path, str(_sqlite_file(tmp_path / "crm.db", _people())))
    assert "row 1, key 7 — national_id: national_id" in render_find("markdown", report)
    assert "<td class='n'>1</td><td class='n'>7</td>" in render_find("html", report)


def test_a_personal_primary_key_named_with_key_column_is_given_as_it_is_to_delete_by(center, tmp_path):
    manifest = tmp_path / "erase.json"
    url = center.url(DATABASE, READER, PASSWORD)
    args = ("--include", "public.persons", "--erasure-manifest", str(manifest))
    result, _, _ = _find(tmp_path, url, *args, "--key-column", "fodselsnummer")
    assert result.exit_code == 1, result.output
    (entry,) = json.loads(manifest.read_text())["tables"]
    as_stored = entry["rows"][0]["keys"] == {"fodselsnummer": _people().fnr}
    assert entry["key_columns"] == ["fodselsnummer"] and as_stored, "the named key is not given as stored"


def test_database_settings_of_the_config_file_reach_find_and_its_report(tmp_path):
    pytest.importorskip("adbc_driver_sqlite", reason="pip install '.[databases]'")
    database = _sqlite_file(tmp_path / "crm.db", _people())
    config = tmp_path / "ccscan.toml"
    config.write_text('schemas = ["crm"]\nstatement_timeout = 90\noutput = "scan.sarif"\n')
    result, report, _ = _find(tmp_path, str(database), "--config", str(config))
    assert result.exit_code == 2  # SQLite has only `main`: said, not an empty search
    (entry,) = report["tables"]
    assert entry["errors"] == ["no table in schema(s) crm (no such schema, or nothing in it)"]
    assert (report["config"]["schemas"], report["config"]["statement_timeout_s"]) == (["crm"], 90)
    assert not (tmp_path / "scan.sarif").exists()
