"""Email and IP addresses: network.check_email and network.check_ip as polars expressions over whole
cells (see recognizers/vectorised). The texts are printable ASCII, so `\\w`, lower-casing and
`str.isalpha` mean the same in Rust and Python.

>>> texts = pl.DataFrame({"text": ["kari.nordmann@example.no", "logo@2x.png"]})
>>> email_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "flags").rows()
[(True, ''), (False, '')]
"""

from __future__ import annotations

import datetime

import polars as pl

from recognizers import network
from recognizers.vectorised.expressions import joined, phrase_if, verdict

TEXT = "text"


def email_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_email: the local part (no "..", at most 64 characters) and the domain's shape (labels of
    1-63 characters without "_" or a hyphen at either end, an alphabetic top-level domain of two or
    more letters that is no file extension); reserved domains flagged."""
    del today
    module = network
    text = pl.col(TEXT)
    frame = frame.with_columns(
        text.str.extract(r"^(.*)@").alias("local"),
        text.str.extract(r"@([^@]*)$").str.to_lowercase().alias("domain"),
    ).with_columns(
        pl.col("domain").str.extract(r"([^.]*)$").alias("tld"),
        pl.col("domain").str.extract(r"([^.]*\.[^.]*)$").alias("registered"),
    )
    local, domain, tld, registered = (pl.col(name) for name in ("local", "domain", "tld", "registered"))
    well_formed_domain = (
        (domain.str.len_chars() <= 253)
        & ~domain.str.contains(r"(?:^|\.)(?:\.|$)")  # an empty label
        & ~domain.str.contains(r"[^.]{64}")
        & ~domain.str.contains("_", literal=True)
        & ~domain.str.contains(r"(?:^|\.)-|-(?:\.|$)")
        & tld.str.contains(r"^[a-z]{2,}$")
    )
    valid = (
        (local.str.len_chars() <= 64)
        & ~local.str.contains("..", literal=True)
        & well_formed_domain
        & ~tld.is_in(sorted(module.FILE_EXTENSIONS))
    )
    reserved = registered.is_in(sorted(module.RESERVED_DOMAINS)) | tld.is_in(sorted(module.RESERVED_TLDS))
    return frame.select(
        verdict(
            valid,
            "EMAIL_ADDRESS",
            module.EMAIL_SCORE,
            joined("address and domain well formed"),
            joined(phrase_if(reserved, "test_identifier")),
        ).alias("verdict")
    ).unnest("verdict")
