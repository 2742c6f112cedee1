"""One search from request to report: load the subjects, search the paths, build the report, write
the access export and the erasure manifest when asked."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from scanner.errors import InputError
from scanner.find.exports import erasure_manifest, export_rows, owner_only_folder, write_manifest
from scanner.find.results import build_find_report
from scanner.find.search import SearchOptions, search_paths
from scanner.find.subjects import load_subjects


@dataclass(frozen=True)
class FindRequest:
    subjects_file: str
    paths: tuple[Path, ...]
    options: SearchOptions = SearchOptions()
    databases: tuple[str, ...] = ()  # database URLs and SQLite files given by path
    export_dir: Path | None = None
    export_format: str = "json"
    erasure_manifest: Path | None = None
    key_columns: tuple[str, ...] = ()
    config_file: Path | None = None

    def config(self) -> dict:
        """The settings as the report records them (never the subjects' values)."""
        options = self.options
        return {
            "subjects_file": self.subjects_file,
            "batch_rows": options.batch_rows,
            "workers": options.workers,
            "engine": options.engine,
            "threshold": options.threshold,
            "match_names": options.match_names,
            "include": list(options.include),
            "exclude": list(options.exclude),
            "config_file": str(self.config_file) if self.config_file else None,
            "key_columns": list(self.key_columns),
            **(
                {
                    "schemas": list(options.database.schemas),
                    "views": options.database.views,
                    "statement_timeout_s": options.database.statement_timeout_s,
                }
                if self.databases
                else {}
            ),
        }


def run_find(request: FindRequest) -> tuple[dict, list[Path]]:
    """The report, and the files written besides it (access exports, erasure manifest).
    Raises SubjectsError (an InputError) for an unusable subjects file, before any export is read, and
    InputError for an export or manifest that cannot be written."""
    subjects = load_subjects(request.subjects_file)
    if request.export_dir is not None:  # before the search: a folder that cannot be used fails first
        try:
            owner_only_folder(request.export_dir)
        except OSError as error:
            raise _cannot_write(request.export_dir, error) from None
    keep_rows = request.export_dir is not None or request.erasure_manifest is not None
    options = replace(request.options, keep_rows=keep_rows)
    own = [
        *([] if request.subjects_file == "-" else [Path(request.subjects_file)]),
        *(path for path in (request.export_dir, request.erasure_manifest) if path is not None),
    ]
    tables = search_paths(request.paths, subjects, options, own, request.databases)
    report = build_find_report(subjects, tables, request.config())
    written: list[Path] = []
    if request.export_dir is not None:
        try:
            written += export_rows(request.export_dir, subjects, tables, request.export_format)
        except OSError as error:
            raise _cannot_write(error.filename or request.export_dir, error) from None
    if request.erasure_manifest is not None:
        try:
            write_manifest(erasure_manifest(subjects, tables, request.key_columns), request.erasure_manifest)
        except OSError as error:
            raise _cannot_write(request.erasure_manifest, error) from None
        written.append(request.erasure_manifest)
    return report, written


def _cannot_write(path: object, error: OSError) -> InputError:
    # the path asked for, not the temporary file next to it that the atomic write failed on
    return InputError(f"{path}: cannot write ({error.strerror or error})")


def write_report_files(report: dict, targets: list[tuple[str, Path]]) -> tuple[list[Path], str]:
    """Render and write each (format, path); STDOUT's text is returned for the caller to print.
    Raises InputError naming the path that cannot be written."""
    from scanner.find.renderers import render_find
    from scanner.reports import STDOUT
    from scanner.reports.document import write_text

    written, to_stdout = [], ""
    for format_name, path in targets:
        text = render_find(format_name, report)
        if path == STDOUT:
            to_stdout += text
            continue
        try:
            write_text(text, path)
        except OSError as error:
            raise _cannot_write(path, error) from None
        written.append(path)
    return written, to_stdout
