"""What an input is, told by its bytes: container or table format, text encoding, CSV delimiter.

Extensions lie (a Parquet export renamed .csv, a CSV saved as .txt, no extension at all), so the
content decides:

- `PAR1` → Parquet; `SQLite format 3\0` → a SQLite database (readers/database.py); `1f 8b` → gzip; `PK 03 04` → xlsx when the archive holds `xl/workbook.xml`,
  another Office document is refused, any other archive is a zip of inputs; an OLE2 file is refused:
  as a password-protected workbook when it holds an `EncryptedPackage`, else as a legacy .xls with a
  hint to save it as .xlsx;
- text (almost no control characters; a stray NUL byte is read as text, with a warning): `[` first →
  a JSON array, `{` first → NDJSON when the first line is a whole object, else one JSON document;
  anything else → CSV; an empty file is an empty CSV, with a warning;
- anything else → ReadError "not a CSV, Parquet, JSON or Excel file".

Text encodings: UTF-16 LE/BE with a BOM; UTF-8 with or without BOM when the *whole* file decodes
(checked in one streaming pass, so a bad byte deep in the file cannot abort a scan half way); UTF-8
too when the file has more valid non-ASCII characters than invalid byte sequences, which are then
replaced by U+FFFD and reported with their first line numbers; else cp1252, or latin-1 when the file
uses one of the five bytes cp1252 leaves undefined. The last two are reported as warnings. UTF-16
without a BOM is told by its NUL bytes, nearly all at odd offsets (LE) or at even ones (BE), as text in
Latin scripts has, and read with a warning; NULs in that pattern that do not decode to text are refused
as "the text encoding could not be told", not as a file of no known format. Bare `\r` line ends (old Mac exports, or mixed with
`\n`) are noted in `bare_cr` so that readers turn them into `\n`.

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
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

from scanner.readers.table import EMPTY_FILE, MAX_LINES, ReadError

HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024
NOT_A_TABLE = "not a CSV, Parquet, JSON or Excel file"
# The codec for all valid UTF-8: it reads files with or without a BOM and drops the BOM.
UTF8 = "utf-8-sig"
DELIMITERS = (",", ";", "\t", "|")
NO_DELIMITER_WARNING = "no consistent delimiter; read one column per line"
BARE_CR_WARNING = "bare \\r line ends (old Mac style) read as line breaks"
# ASCII unit separator: text never contains it, so splitting on it keeps each line one cell.
ONE_COLUMN = "\x1f"
# Share of lines (header included) that must agree with the header's delimiter count; the rest may be
# ragged, as exports that drop trailing empty fields are.
CONSISTENT_SHARE = 0.5

_CONTROL_BYTES = bytes(set(range(32)) - set(b"\t\n\r\f\x1a\x1b"))
_TEXT_BYTES = bytes(set(range(256)) - set(_CONTROL_BYTES))
_ASCII_BYTES = bytes(range(128))
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_BARE_CR = re.compile(rb"\r(?!\n)")
_REPLACEMENT = "\ufffd"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# How much of an OLE2 file is searched for the EncryptedPackage stream name (its directory is near
# the start in files Office writes).
OLE_SEARCH_BYTES = 4 * 1024 * 1024
# A quoted run (possibly cut off at the end of the sample) or a character that shapes a record.
_CSV_TOKENS = re.compile(r'"[^"]*"?|[,;\t|\n]')
_NOT_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Sniffed:
    """`format` is csv, parquet, ndjson, json, xlsx, sqlite, gzip or zip; the rest is set for text formats."""

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    warnings: tuple[str, ...] = ()
    errors: str = "strict"  # "replace" for UTF-8 with a few invalid byte sequences
    bare_cr: bool = False


@dataclass
class _TextFacts:
    """What one pass over a text file's bytes tells about its encoding."""

    invalid_utf8: int = 0
    invalid_lines: list[int] = field(default_factory=list)
    valid_non_ascii: int = 0
    nul_bytes: int = 0


def sniff(path: Path) -> Sniffed:
    """Recognise the input at `path` by its content; raises ReadError when it is none we read."""
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
        binary_format = _binary_format(head, stream)
        if binary_format:
            return Sniffed(binary_format)
        if not head:
            return Sniffed("csv", UTF8, ONE_COLUMN, (EMPTY_FILE,))
        encoding, errors, warnings = _text_encoding(head, stream)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    bare_cr = _BARE_CR.search(head.rstrip(b"\r")) is not None
    if bare_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        warnings = (*warnings, BARE_CR_WARNING)
    json_format = _json_format(text, complete=len(head) < HEAD_BYTES)
    if json_format:
        return Sniffed(json_format, encoding, None, warnings, errors, bare_cr)
    delimiter = sniff_delimiter(text, complete=len(head) < HEAD_BYTES)
    if delimiter is None:
        return Sniffed("csv", encoding, ONE_COLUMN, (*warnings, NO_DELIMITER_WARNING), errors, bare_cr)
    return Sniffed("csv", encoding, delimiter, warnings, errors, bare_cr)


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


def _binary_format(head: bytes, stream: BinaryIO) -> str | None:
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(stream)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        stream.seek(0)
        if _ENCRYPTED_PACKAGE in stream.read(OLE_SEARCH_BYTES):
            # Office saves a password-protected .xlsx as an OLE2 file around the encrypted workbook
            raise ReadError(
                "Excel workbook is password-protected (encrypted); save a copy without a password"
            )
        raise ReadError("Office 97-2003 file (.xls); save it as .xlsx or CSV")
    return None


def _zip_format(stream: BinaryIO) -> str:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ReadError("zip archive is corrupt") from None
    if "[Content_Types].xml" not in names:
        return "zip"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ReadError(NOT_A_TABLE)  # a Word or PowerPoint document


def _text_encoding(head: bytes, stream: BinaryIO) -> tuple[str, str, tuple[str, ...]]:
    """(codec, decoding errors mode, warnings) for a text file."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "strict", ()
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        return utf16, "strict", (f"no byte-order mark: read as {utf16.upper()} by its NUL bytes",)
    if _looks_binary(head):
        raise ReadError(NOT_A_TABLE)
    stream.seek(0)
    facts = _text_facts(stream)
    warnings = (f"{facts.nul_bytes} NUL byte(s) read as text",) if facts.nul_bytes else ()
    if not facts.invalid_utf8:
        return UTF8, "strict", warnings
    if facts.valid_non_ascii > facts.invalid_utf8:
        lines = ", ".join(map(str, facts.invalid_lines))
        replaced = f"{facts.invalid_utf8} invalid UTF-8 byte sequence(s) replaced by U+FFFD (lines {lines})"
        return UTF8, "replace", (*warnings, replaced)
    stream.seek(0)
    if any(_CP1252_UNDEFINED.search(chunk) for chunk in _chunks(stream)):
        return "latin-1", "strict", (*warnings, "decoded as latin-1 (neither valid UTF-8 nor cp1252)")
    return "cp1252", "strict", (*warnings, "decoded as cp1252 (not valid UTF-8)")


# UTF-16 text in a Latin script: the high byte of nearly every character is NUL, the low byte rarely.
UTF16_NUL_SHARE = 0.3
UTF16_OTHER_NUL_SHARE = 0.05
UTF16_UNTOLD = "the text encoding could not be told (UTF-16 without a byte-order mark?)"


def _utf16_without_bom(head: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the NUL bytes of `head` fall in UTF-16's pattern; raises
    ReadError when they do but the bytes do not decode to text."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4 or head.count(0) == 0:
        return None
    shares = (even.count(0) / len(even), odd.count(0) / max(len(odd), 1))
    if max(shares) < UTF16_NUL_SHARE or min(shares) > UTF16_OTHER_NUL_SHARE:
        return None
    codec = "utf-16-le" if shares[1] > shares[0] else "utf-16-be"
    text = head[: len(head) - len(head) % 2].decode(codec, errors="replace")
    if _looks_binary(text.encode("utf-8", errors="replace")) or text.count(_REPLACEMENT) > len(text) // 100:
        raise ReadError(UTF16_UNTOLD)
    return codec


def _looks_binary(head: bytes) -> bool:
    # NUL counts as a control byte: a stray one is text, UTF-16 without a BOM (every other byte) is not
    return len(head.translate(None, _TEXT_BYTES)) > max(len(head) // 100, 1)


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    return iter(partial(stream.read, CHUNK_BYTES), b"")


def _text_facts(stream: BinaryIO) -> _TextFacts:
    """NUL bytes, and for a file that is not valid UTF-8 its invalid sequences (with their first lines)
    and valid non-ASCII characters; valid UTF-8, the common case, takes one quick strict pass."""
    nul_bytes = 0
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(stream):
            decoder.decode(chunk)
            nul_bytes += chunk.count(b"\x00")
        decoder.decode(b"", final=True)
        return _TextFacts(nul_bytes=nul_bytes)
    except UnicodeDecodeError:
        stream.seek(0)
        return _invalid_utf8_facts(stream)


def _invalid_utf8_facts(stream: BinaryIO) -> _TextFacts:
    """Everything `_TextFacts` holds, in one streaming pass of C-speed operations per chunk."""
    facts = _TextFacts()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    line = 1
    for chunk in _chunks(stream):
        _add_chunk_facts(facts, chunk, decoder.decode(chunk), line)
        line += chunk.count(b"\n")
    _add_chunk_facts(facts, b"", decoder.decode(b"", final=True), line)
    return facts


def _add_chunk_facts(facts: _TextFacts, chunk: bytes, text: str, line: int) -> None:
    # U+FFFD written in the file itself is valid UTF-8 (EF BF BD), not a replacement
    invalid = max(text.count(_REPLACEMENT) - chunk.count(_REPLACEMENT.encode()), 0)
    non_ascii_chars = len(text) - (len(chunk) - len(chunk.translate(None, _ASCII_BYTES)))
    facts.valid_non_ascii += max(non_ascii_chars - invalid, 0)
    facts.nul_bytes += chunk.count(b"\x00")
    if not invalid:
        return
    facts.invalid_utf8 += invalid
    position = text.find(_REPLACEMENT)
    while position >= 0 and len(facts.invalid_lines) < MAX_LINES:
        number = line + text.count("\n", 0, position)
        if number not in facts.invalid_lines[-1:]:
            facts.invalid_lines.append(number)
        position = text.find(_REPLACEMENT, position + 1)


def _json_format(text: str, complete: bool) -> str | None:
    start = _NOT_SPACE.search(text)
    if start is not None and start.group() == '"':
        return "json" if _is_json_string(text[start.start() :], complete) else None
    if start is None or start.group() not in "[{":
        return None
    if start.group() == "[":
        return "json"
    first_line = text[start.start() :].split("\n", 1)[0]
    try:
        return "ndjson" if isinstance(json.loads(first_line), dict) else "json"
    except ValueError:
        return "json"


def _is_json_string(text: str, complete: bool) -> bool:
    """A file that is one JSON string: it parses as one, or its opening quote is not closed in the head
    (no CSV header is a 64 KB quoted field)."""
    if not complete:
        return '"' not in text[1:]
    try:
        return isinstance(json.loads(text), str)
    except ValueError:
        return False
