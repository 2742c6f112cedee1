"""Excel workbooks (.xlsx), one table per sheet, every cell as text, read by fastexcel (calamine).

Formulas are never evaluated: a formula cell gives the value Excel cached when the file was saved, or
null when none was saved. Hidden sheets are read too, as personal data hides there as well. The first
row is the header (fastexcel names blank headers `__UNNAMED__<n>` and repeats `name_1`). A sheet is
read whole and then sliced into batches: xlsx cannot be read partway.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import fastexcel
import polars as pl

from scanner.readers.table import ReadError


class Workbook:
    """An opened workbook: its sheet names, and each sheet's cells as text."""

    def __init__(self, path: Path) -> None:
        try:
            self._reader = fastexcel.read_excel(path)
        except fastexcel.FastExcelError:
            raise ReadError("Excel workbook is corrupt") from None
        self.sheet_names: list[str] = self._reader.sheet_names

    def read_sheet(self, sheet: str, batch_rows: int) -> Iterator[pl.DataFrame]:
        """The sheet as one frame; `Table.batches` slices it to `batch_rows`."""
        try:
            yield self._reader.load_sheet(sheet, dtypes="string").to_polars()
        except fastexcel.FastExcelError:
            raise ReadError("Excel sheet could not be read") from None
