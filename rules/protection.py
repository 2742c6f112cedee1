"""Protection: is a column's personal data readable, or masked, hashed, encrypted or tokenized?

The answer comes from the values, never the header (`notes_encrypted` full of phone numbers is plain
text; `ssn` full of 64-hex digests is hashed). Each non-empty cell gets the first shape it fits:

| shape | family | example |
|---|---|---|
| `pgp` | ciphertext | `-----BEGIN PGP MESSAGE-----…` |
| `vault` | ciphertext | `vault:v1:8SDd3WHD…` |
| `fernet` | ciphertext | `gAAAAABl…` (urlsafe base64, 60+ characters) |
| `enc_prefix` | ciphertext | `ENC:q83vEjRWeJo…`, `ENC(…)` (16+ characters, not only digits) |
| `token` | tokenized | `tok_4eC39HqLyjWDarjtT1zdp7dc` |
| `bcrypt`, `argon2`, `crypt`, `pbkdf2` | hashed | `$2b$12$…`, `$argon2id$…`, `$6$salt$…` |
| `md5`, `sha1`, `sha256`, `sha512` | hashed | 32/40/64/128 hex characters, one case, letters and digits |
| `masked` | masked | `****1234`, `XXXX-XXXX-XXXX-1234`, `k***@example.no`, `K*** T****` |
| `base64` | ciphertext | 20+ base64 characters, mixed case and digits, varied, not text |
| `base64_text` | encoded | base64 that decodes to readable text (encoding is not protection) |

Look-alikes stay unprotected: hex order ids of other lengths (24-hex ObjectIds), all-digit strings,
`ENC:` before a bare number, base64 of short text (under 20 characters, or decoding to text).

Randomness of base64-shaped cells is measured by their Hartley entropy, log2 of the number of distinct
characters (polars `list.n_unique`, vectorised; Shannon entropy per cell through polars lists or Python
cost ten times more): a cell must show at least 0.7 × the distinct characters that random base64 of its
length shows on average, which 999 random strings in 1000 do and repetitive strings do not. Short values
cannot prove randomness, so the shape also needs 20+ characters. Whether base64 decodes to text is
tested in Python, only on the distinct cells whose every 4-character group starts with a character that
can begin printable text (that excludes most random cells in polars first).

A column's verdict: `empty` without values; `plaintext` when personal data was found in cells that no
protected shape explains; otherwise the protected family covering most cells if protected shapes hold
at least half of the non-empty cells; otherwise `none` (no personal data detected, nothing protected).
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass

import polars as pl

from rules.wording import N_, Translate, english

VALUE = "__ccscan_value"
SHAPE = "__ccscan_shape"

SHAPE_FAMILY: dict[str, str] = {
    "pgp": "ciphertext",
    "vault": "ciphertext",
    "fernet": "ciphertext",
    "enc_prefix": "ciphertext",
    "token": "tokenized",
    "bcrypt": "hashed",
    "argon2": "hashed",
    "crypt": "hashed",
    "pbkdf2": "hashed",
    "md5": "hashed",
    "sha1": "hashed",
    "sha256": "hashed",
    "sha512": "hashed",
    "masked": "masked",
    "base64": "ciphertext",
    "base64_text": "encoded",
}
PROTECTED_FAMILIES: tuple[str, ...] = ("hashed", "ciphertext", "tokenized", "masked")
VERDICTS: tuple[str, ...] = ("plaintext", "masked", "hashed", "ciphertext", "tokenized", "empty", "none")

SHAPE_WORDING: dict[str, str] = {
    "pgp": N_("look like PGP messages (PGP armour)"),
    "vault": N_("look like Vault transit ciphertext (vault:v1:)"),
    "fernet": N_("look like Fernet tokens (gAAAAA…)"),
    "enc_prefix": N_("carry an encryption prefix (ENC:); the contents were not verified"),
    "token": N_("look like tokens (tok_ prefix)"),
    "bcrypt": N_("look like bcrypt hashes"),
    "argon2": N_("look like Argon2 hashes"),
    "crypt": N_("look like crypt(3) SHA/MD5 password hashes"),
    "pbkdf2": N_("look like PBKDF2 hashes"),
    "md5": N_("look like MD5 digests (32 hex characters)"),
    "sha1": N_("look like SHA-1 digests (40 hex characters)"),
    "sha256": N_("look like SHA-256 digests (64 hex characters)"),
    "sha512": N_("look like SHA-512 digests (128 hex characters)"),
    "masked": N_("look masked (****1234)"),
    "base64": N_("look like random base64 (ciphertext, a key or an encoded digest)"),
    "base64_text": N_("look like base64-encoded text, which anyone can decode"),
}
HEX_DIGESTS: dict[int, str] = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}

ENC_PREFIX = r"^(?i:enc|encrypted|aes|cipher)[:(\[{]"
TOKEN_PREFIX = r"^(?:tok|tkn|token)[_:\-]"
MASK_CHARACTERS = r"[*•●#]{2}|X{3}|x{3}"
BASE64_MIN_LENGTH = 20
BASE64_CHARACTERS = rf"^[A-Za-z0-9+/_\-]{{{BASE64_MIN_LENGTH},}}={{0,2}}$"
# one cheap pass over every cell; only cells matching it are classified further
PROTECTED_CANDIDATE = "|".join(
    (
        r"-----BEGIN PGP",
        r"^vault:v\d+:",
        ENC_PREFIX,
        TOKEN_PREFIX,
        r"^\$(?:2[abxy]?|argon2(?:id|i|d)|[156])\$",
        r"^pbkdf2_sha(?:1|256)\$",
        r"^[0-9a-fA-F]{32,128}$",
        MASK_CHARACTERS,
        BASE64_CHARACTERS,
    )
)
BASE64_ALPHABET = 64
VARIETY_SHARE = 0.7
# 4-character groups of base64 of printable UTF-8 start with these (the first byte of each 3 is not a
# control character other than tab/newline/CR, nor an invalid UTF-8 byte)
TEXT_BASE64 = r"^(?:[C-DI-Za-z0-9][A-Za-z0-9+/_\-]{3})*(?:[C-DI-Za-z0-9][A-Za-z0-9+/_\-]{1,2})?=*$"
PROTECTED_SHARE = 0.5

_WHITESPACE_AS_SPACE = str.maketrans("\t\n\r", "   ")


def decodes_to_text(value: str) -> bool:
    """True where `value` is base64 (standard or url-safe, padded or not) of printable UTF-8 text."""
    try:
        raw = binascii.a2b_base64(value.replace("-", "+").replace("_", "/") + "==", strict_mode=False)
        text = raw.decode("utf-8")
    except ValueError:  # binascii.Error and UnicodeDecodeError are both ValueErrors
        return False
    return bool(text) and text.translate(_WHITESPACE_AS_SPACE).isprintable()


def _chain(tests: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """The name of the first test a cell passes, or null."""
    shape = pl.when(tests[0][1]).then(pl.lit(tests[0][0]))
    for name, test in tests[1:]:
        shape = shape.when(test).then(pl.lit(name))
    return shape.otherwise(pl.lit(None, dtype=pl.String))


def _envelopes(cells: pl.DataFrame) -> pl.Series:
    text = pl.col(VALUE)
    enc = text.str.contains(ENC_PREFIX + r"\s*[A-Za-z0-9+/=_\-.]{16,}[)\]}]?$") & text.str.contains(
        ENC_PREFIX + r".*[A-Za-z]"
    )
    return cells.select(
        _chain(
            [
                ("pgp", text.str.contains("-----BEGIN PGP MESSAGE-----", literal=True)),
                ("vault", text.str.contains(r"^vault:v\d+:[A-Za-z0-9+/=]{16,}$")),
                ("fernet", text.str.contains(r"^gAAAAA[A-Za-z0-9_\-]{60,}={0,2}$")),
                ("enc_prefix", enc),
                ("token", text.str.contains(TOKEN_PREFIX + r"[A-Za-z0-9_\-]{8,}$")),
            ]
        )
    ).to_series()


def _password_hashes(cells: pl.DataFrame) -> pl.Series:
    text = pl.col(VALUE)
    return cells.select(
        _chain(
            [
                ("bcrypt", text.str.contains(r"^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$")),
                ("argon2", text.str.contains(r"^\$argon2(?:id|i|d)\$v=\d+\$")),
                ("crypt", text.str.contains(r"^\$[156]\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}$")),
                ("pbkdf2", text.str.contains(r"^pbkdf2_sha(?:1|256)\$\d+\$")),
            ]
        )
    ).to_series()


def _hex_digests(cells: pl.DataFrame) -> pl.Series:
    text = pl.col(VALUE)
    digest = text.str.contains("[a-fA-F]") & text.str.contains("[0-9]")
    name = text.str.len_bytes().replace_strict(HEX_DIGESTS, default=None, return_dtype=pl.String)
    return cells.select(pl.when(digest).then(name).otherwise(pl.lit(None, dtype=pl.String))).to_series()


def _masked(cells: pl.DataFrame) -> pl.Series:
    text = pl.col(VALUE)
    digits = text.str.contains(r"^[\d\s\-+().*•●Xx#]{4,40}$") & text.str.contains(r"[*•●#]{2}|X{3}|x{3}")
    email = text.str.contains(r"^[^@\s*•●]{0,3}[*•●]{2,}[^@\s]{0,3}@[^@\s]+$") | text.str.contains(
        r"^[^@\s]+@[*•●]{2,}"
    )
    words = text.str.contains(r"^\w{1,2}[*•●]{2,}\w{0,2}(?:\s+\w{1,2}[*•●]{2,}\w{0,2})*$")
    masked = pl.when(digits | email | words).then(pl.lit("masked")).otherwise(pl.lit(None, dtype=pl.String))
    return cells.select(masked).to_series()


def _base64(cells: pl.DataFrame) -> pl.Series:
    """`base64` for random-looking cells, `base64_text` for those that decode to text, else null."""
    text = pl.col(VALUE)
    length = text.str.len_chars()
    random_variety = BASE64_ALPHABET * (1 - (1 - 1 / BASE64_ALPHABET) ** length)
    varied = text.str.split("").list.n_unique() >= VARIETY_SHARE * random_variety
    maybe_text = cells.filter(text.str.contains(TEXT_BASE64)).select(text.unique()).to_series()
    readable = [value for value in maybe_text if decodes_to_text(value)]
    return cells.select(
        pl.when(text.is_in(readable))
        .then(pl.lit("base64_text"))
        .when(varied)
        .then(pl.lit("base64"))
        .otherwise(pl.lit(None, dtype=pl.String))
    ).to_series()


# each stage takes the cells its cheap selector picks; cells it leaves unshaped go on to the next stage
_STAGES = (
    (
        pl.col(VALUE).str.contains("-----BEGIN PGP", literal=True)
        | pl.col(VALUE).str.contains(r"^(?:vault:|gAAAAA)")
        | pl.col(VALUE).str.contains(ENC_PREFIX)
        | pl.col(VALUE).str.contains(TOKEN_PREFIX),
        _envelopes,
    ),
    (pl.col(VALUE).str.contains(r"^(?:\$|pbkdf2_)"), _password_hashes),
    (
        pl.col(VALUE).str.len_bytes().is_in(list(HEX_DIGESTS))
        & pl.col(VALUE).str.contains(r"^(?:[0-9a-f]+|[0-9A-F]+)$"),
        _hex_digests,
    ),
    (pl.col(VALUE).str.contains(MASK_CHARACTERS), _masked),
    (
        pl.col(VALUE).str.contains(BASE64_CHARACTERS)
        & pl.col(VALUE).str.contains("[a-z]")
        & pl.col(VALUE).str.contains("[A-Z]")
        & pl.col(VALUE).str.contains("[0-9]"),
        _base64,
    ),
)


def column_shapes(values: pl.Series) -> dict[str, int]:
    """How many cells of `values` fit each protected (or encoded) shape; shapes with no cell are left out."""
    rest = values.str.strip_chars().to_frame(VALUE).filter(pl.col(VALUE).str.contains(PROTECTED_CANDIDATE))
    counts: dict[str, int] = {}
    for selector, classify in _STAGES:
        if rest.is_empty():
            break
        picked = rest.select(selector).to_series()
        cells = rest.filter(picked)
        if cells.is_empty():
            continue
        shapes = classify(cells)
        for shape, count in shapes.drop_nulls().value_counts().iter_rows():
            counts[shape] = counts.get(shape, 0) + int(count)
        rest = pl.concat([rest.filter(~picked), cells.filter(shapes.is_null())])
    return dict(sorted(counts.items()))


def protection_partials(frame: pl.DataFrame) -> dict[str, dict[str, int]]:
    """Per column of one batch: cells per shape (counts add up across batches)."""
    if frame.width == 0:
        return {}
    has_candidates = frame.select(
        [pl.col(name).str.contains(PROTECTED_CANDIDATE).any().alias(name) for name in frame.columns]
    ).row(0, named=True)
    return {name: column_shapes(frame[name]) if has_candidates[name] else {} for name in frame.columns}


@dataclass(frozen=True)
class Protection:
    """A column's protection verdict, the honest sentence behind it, and the counts it rests on."""

    verdict: str
    wording: str
    non_empty: int
    plaintext: int
    protected: int
    shapes: dict[str, int]


def _family_counts(shapes: dict[str, int]) -> dict[str, int]:
    families: dict[str, int] = {}
    for shape, count in shapes.items():
        families[SHAPE_FAMILY[shape]] = families.get(SHAPE_FAMILY[shape], 0) + count
    return families


def _dominant(shapes: dict[str, int], families: set[str]) -> str | None:
    eligible = [(count, shape) for shape, count in shapes.items() if SHAPE_FAMILY[shape] in families]
    return min(eligible, key=lambda item: (-item[0], item[1]))[1] if eligible else None


def protection_verdict(shapes: dict[str, int], non_empty: int, personal_cells: int) -> Protection:
    """The verdict for a column with `non_empty` cells, `personal_cells` of which hold personal data
    according to the detector."""
    families = _family_counts(shapes)
    protected = sum(families.get(family, 0) for family in PROTECTED_FAMILIES)
    # a cell that fits a protected shape is not readable personal data, whatever matched inside it
    plaintext = min(personal_cells, max(non_empty - protected, 0))
    if non_empty == 0:
        verdict = "empty"
    elif plaintext:
        verdict = "plaintext"
    elif protected and protected >= PROTECTED_SHARE * non_empty:
        shape = _dominant(shapes, set(PROTECTED_FAMILIES))
        assert shape is not None
        verdict = SHAPE_FAMILY[shape]
    else:
        verdict = "none"
    wording = protection_wording(shapes, non_empty, plaintext, protected)
    return Protection(verdict, wording, non_empty, plaintext, protected, dict(sorted(shapes.items())))


def protection_wording(
    shapes: dict[str, int], non_empty: int, plaintext: int, protected: int, _: Translate = english
) -> str:
    """The honest sentence behind a verdict, from the counts the report records, in `_`'s language."""
    if non_empty == 0:
        return _("no values")
    if plaintext:
        wording = _(
            "personal data in plain text in {plaintext} of {non_empty} non-empty cells",
            plaintext=plaintext,
            non_empty=non_empty,
        )
        shape = _dominant(shapes, set(PROTECTED_FAMILIES))
        if shape:
            wording += _("; {count} other cell(s) ", count=shapes[shape]) + _(SHAPE_WORDING[shape])
        return wording
    if protected and protected >= PROTECTED_SHARE * non_empty:
        shape = _dominant(shapes, set(PROTECTED_FAMILIES))
        assert shape is not None
        return _(
            "no plaintext personal data detected; {count} of {non_empty} non-empty cells ",
            count=shapes[shape],
            non_empty=non_empty,
        ) + _(SHAPE_WORDING[shape])
    encoded = shapes.get("base64_text", 0)
    if encoded >= PROTECTED_SHARE * non_empty:
        return (
            _(
                "no personal data detected, but {count} of {non_empty} cells ",
                count=encoded,
                non_empty=non_empty,
            )
            + _(SHAPE_WORDING["base64_text"])
            + _(": decode them and scan again")
        )
    return _("no personal data detected and no protected values")
