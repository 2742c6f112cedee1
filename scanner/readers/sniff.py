"""What an input is, told by its bytes: container or table format, text encoding, CSV delimiter.

Extensions lie (a Parquet export renamed .csv, a CSV saved as .txt, no extension at all), so the
content decides:

- `PAR1` → Parquet; `1f 8b` → gzip; `PK 03 04` → xlsx when the archive holds `xl/workbook.xml`,
  another Office document is refused, any other archive is a zip of inputs; a legacy .xls (OLE2) is
  refused with a hint to save it as .xlsx;
- text (no NUL bytes, almost no control characters): `[` first → a JSON array, `{` first → NDJSON
  when the first line is a whole object, else one JSON document; anything else → CSV;
- anything else → ReadError "not a CSV, Parquet, JSON or Excel file".

Text encodings: UTF-16 LE/BE with a BOM; UTF-8 with or without BOM when the *whole* file decodes
(checked in one streaming pass, so a bad byte deep in the file cannot abort a scan half way); else
cp1252, or latin-1 when the file uses one of the five bytes cp1252 leaves undefined. The last two
are reported as warnings. UTF-16 without a BOM looks like binary and is refused.

The CSV delimiter is the one of `,` `;` tab `|` that occurs outside double quotes as often as on the
header line on most lines of the first 64 KB (ragged lines are tolerated); with several, the one
agreeing on more lines wins, then the one making more columns. A header with none of them is a
one-column file; text where no delimiter is consistent is read as one column per line too, with a
warning, so that no text goes unscanned.
"""

from __future__ import annotations

import codecs
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from scanner.readers.table import ReadError

HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024
NOT_A_TABLE = "not a CSV, Parquet, JSON or Excel file"
# The codec for all valid UTF-8: it reads files with or without a BOM and drops the BOM.
UTF8 = "utf-8-sig"
DELIMITERS = (",", ";", "\t", "|")
NO_DELIMITER_WARNING = "no consistent delimiter; read one column per line"
# ASCII unit separator: text never contains it, so splitting on it keeps each line one cell.
ONE_COLUMN = "\x1f"
# Share of lines (header included) that must agree with the header's delimiter count; the rest may be
# ragged, as exports that drop trailing empty fields are.
CONSISTENT_SHARE = 0.5

_CONTROL_BYTES = bytes(set(range(32)) - set(b"\t\n\r\f\x1a\x1b"))
_TEXT_BYTES = bytes(set(range(256)) - set(_CONTROL_BYTES))
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# A quoted run (possibly cut off at the end of the sample) or a character that shapes a record.
_CSV_TOKENS = re.compile(r'"[^"]*"?|[,;\t|\n]')
_NOT_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Sniffed:
    """`format` is csv, parquet, ndjson, json, xlsx, gzip or zip; the rest is set for text formats."""

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    warnings: tuple[str, ...] = ()


def sniff(path: Path) -> Sniffed:
    """Recognise the input at `path` by its content; raises ReadError when it is none we read."""
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
        binary_format = _binary_format(head, path)
        if binary_format:
            return Sniffed(binary_format)
        encoding = _text_encoding(head, stream)
    warnings = _encoding_warnings(encoding)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    json_format = _json_format(text)
    if json_format:
        return Sniffed(json_format, encoding, None, warnings)
    delimiter = sniff_delimiter(text, complete=len(head) < HEAD_BYTES)
    if delimiter is None:
        return Sniffed("csv", encoding, ONE_COLUMN, (*warnings, NO_DELIMITER_WARNING))
    return Sniffed("csv", encoding, delimiter, warnings)


def sniff_delimiter(text: str, complete: bool = True) -> str | None:
    """The delimiter of CSV `text`, ONE_COLUMN for a one-column file, None when none is consistent.

    `complete` False means `text` is the start of a longer file, so its last line may be cut off.
    """
    records = list(_delimiter_counts(text))
    if not complete and len(records) > 1:
        records.pop()  # cut off by the end of the sample
    if not records or not records[0]:
        return ONE_COLUMN
    header = records[0]
    agreeing = {
        delimiter: sum(record[delimiter] == header[delimiter] for record in records)
        for delimiter in DELIMITERS
        if header[delimiter]
    }
    needed = CONSISTENT_SHARE * len(records)
    consistent = [delimiter for delimiter, lines in agreeing.items() if lines > needed]
    return max(consistent, key=lambda delimiter: (agreeing[delimiter], header[delimiter]), default=None)


def _delimiter_counts(text: str) -> Iterator[Counter[str]]:
    """Per non-blank record, how often each delimiter occurs outside double quotes."""
    counts: Counter[str] = Counter()
    record_start = 0
    for token in _CSV_TOKENS.finditer(text):
        character = token.group()
        if character == "\n":
            if counts or text[record_start : token.start()].strip():
                yield counts
            counts, record_start = Counter(), token.end()
        elif character in DELIMITERS:
            counts[character] += 1
    if counts or text[record_start:].strip():
        yield counts


def _binary_format(head: bytes, path: Path) -> str | None:
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReadError("Office 97-2003 file (.xls); save it as .xlsx or CSV")
    return None


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ReadError("zip archive is corrupt") from None
    if "[Content_Types].xml" not in names:
        return "zip"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ReadError(NOT_A_TABLE)  # a Word or PowerPoint document


def _text_encoding(head: bytes, stream: BinaryIO) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _looks_binary(head):
        raise ReadError(NOT_A_TABLE)
    stream.seek(0)
    if _is_utf8(stream):
        return UTF8
    stream.seek(0)
    return "latin-1" if _uses_cp1252_undefined(stream) else "cp1252"


def _encoding_warnings(encoding: str) -> tuple[str, ...]:
    if encoding == "cp1252":
        return ("decoded as cp1252 (not valid UTF-8)",)
    if encoding == "latin-1":
        return ("decoded as latin-1 (neither valid UTF-8 nor cp1252)",)
    return ()


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    return len(head.translate(None, _TEXT_BYTES)) > len(head) // 100


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    return iter(partial(stream.read, CHUNK_BYTES), b"")


def _is_utf8(stream: BinaryIO) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(stream):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _uses_cp1252_undefined(stream: BinaryIO) -> bool:
    return any(_CP1252_UNDEFINED.search(chunk) for chunk in _chunks(stream))


def _json_format(text: str) -> str | None:
    start = _NOT_SPACE.search(text)
    if start is None or start.group() not in "[{":
        return None
    if start.group() == "[":
        return "json"
    first_line = text[start.start() :].split("\n", 1)[0]
    try:
        return "ndjson" if isinstance(json.loads(first_line), dict) else "json"
    except ValueError:
        return "json"
