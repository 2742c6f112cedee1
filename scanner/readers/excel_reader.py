"""Excel workbooks (.xlsx), one table per sheet, every cell as text, read by fastexcel (calamine).

Formulas are never evaluated: a formula cell gives the value Excel cached when the file was saved, or
null when none was saved; a sheet with formulas says so in a warning. Hidden sheets are read too, as
personal data hides there as well. The first row is the header (fastexcel names blank headers
`__UNNAMED__<n>` and repeats `name_1`). A sheet is read whole and then sliced into batches: xlsx cannot
be read partway, so before anything is loaded the parts of the workbook are checked against the
decompression limits (an xlsx is a zip archive, and can be a bomb too).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import fastexcel
import polars as pl

from scanner.readers.containers import MB, check_unpacked_size
from scanner.readers.table import ReadError, ReadLimits

FORMULA_WARNING = "formula cells are read as the values saved with the workbook; formulas are never evaluated"
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Workbook:
    """An opened workbook: its sheet names, each sheet's cells as text, and which sheets hold formulas."""

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        try:
            with zipfile.ZipFile(path) as archive:
                _check_part_sizes(archive, limits)
                self.sheets_with_formulas = _sheets_with_formulas(archive)
            self._reader = fastexcel.read_excel(path)
        except (fastexcel.FastExcelError, zipfile.BadZipFile, ElementTree.ParseError, KeyError):
            raise ReadError("Excel workbook is corrupt") from None
        self.sheet_names: list[str] = self._reader.sheet_names

    def read_sheet(self, sheet: str, batch_rows: int) -> Iterator[pl.DataFrame]:
        """The sheet as one frame; `Table.batches` slices it to `batch_rows`."""
        try:
            yield self._reader.load_sheet(sheet, dtypes="string").to_polars()
        except fastexcel.FastExcelError:
            raise ReadError("Excel sheet could not be read") from None


def _check_part_sizes(archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    # the declared sizes, as calamine trusts them too when it inflates a part into memory
    for part in archive.infolist():
        check_unpacked_size(part.file_size, part.compress_size, limits)


def _sheets_with_formulas(archive: zipfile.ZipFile) -> set[str]:
    """Names of the sheets whose XML holds a formula element."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {relation.get("Id"): _part_name(relation.get("Target", "")) for relation in relations}
    names = set(archive.namelist())
    return {
        sheet.get("name", "")
        for sheet in workbook.iter()
        if sheet.tag.endswith("}sheet")
        and targets.get(sheet.get(_RELATIONSHIP_ID)) in names
        and _holds_formula(archive, targets[sheet.get(_RELATIONSHIP_ID)])
    }


def _part_name(target: str) -> str:
    """The zip name of a relationship target, written relative to xl/ or absolute (`/xl/...`)."""
    return posixpath.normpath(posixpath.join("xl", target.lstrip("/").removeprefix("xl/")))


def _holds_formula(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(MB):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-16:]  # a tag cut by the chunk boundary
    return False
