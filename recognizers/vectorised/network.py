"""Email and IP addresses: network.check_email and network.check_ip as polars expressions over whole
cells (see recognizers/vectorised). The texts are printable ASCII, so `\\w`, lower-casing and
`str.isalpha` mean the same in Rust and Python.

>>> texts = pl.DataFrame({"text": ["kari.nordmann@example.no", "logo@2x.png"]})
>>> email_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "flags").rows()
[(True, ''), (False, '')]
"""

from __future__ import annotations

import datetime
import ipaddress

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


def _ipv4_intervals() -> tuple[pl.Series, list[tuple[bool, str, bool]]]:
    """The IPv4 space cut at the edge of every network the ipaddress module's properties and the
    documentation ranges test, and per interval (it holds one answer to each of them) check_ip's
    valid, scope and test flag, asked of check_ip itself for the interval's first address."""
    networks = [network.DOCUMENTATION_NETWORKS]
    for value in vars(ipaddress._IPv4Constants).values():
        networks.append(value if isinstance(value, list) else [value])
    edges = {0, 2**32}
    for group in networks:
        for net in group:
            if isinstance(net, ipaddress.IPv4Address):
                net = ipaddress.IPv4Network(net)
            if isinstance(net, ipaddress.IPv4Network):
                edges |= {int(net.network_address), int(net.broadcast_address) + 1}
    starts = sorted(edges - {2**32})
    answers = []
    for start in starts:
        checked = network.check_ip(str(ipaddress.IPv4Address(start)))
        answers.append(
            (checked.valid, str(checked.flags.get("scope")), bool(checked.flags.get("test_identifier")))
        )
    return pl.Series(starts, dtype=pl.Int64), answers


IPV4_STARTS, IPV4_ANSWERS = _ipv4_intervals()


def ip_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_ip for IPv4 addresses: valid, scope and documentation flag from the interval the address
    is in (see _ipv4_intervals), the version-like score where every part is below 20. IPv6 addresses
    are left to Python (their special ranges, IPv4-mapped forms and "::" parsing stay ipaddress's)."""
    del today
    module = network
    octets = pl.col(TEXT).str.extract_groups(r"^(\d+)\.(\d+)\.(\d+)\.(\d+)$")
    frame = frame.with_columns(
        *(octets.struct.field(str(n)).cast(pl.Int64, strict=False).alias(f"__octet{n}") for n in range(1, 5))
    )
    parts = [pl.col(f"__octet{n}") for n in range(1, 5)]
    address = (parts[0] * 2**24 + parts[1] * 2**16 + parts[2] * 2**8 + parts[3]).alias("__address")
    frame = frame.with_columns(address)
    interval = IPV4_STARTS.search_sorted(frame["__address"].fill_null(0), side="right") - 1
    valid, scope, test = (pl.Series(column) for column in zip(*IPV4_ANSWERS))
    frame = frame.with_columns(
        valid.gather(interval).alias("__valid"),
        scope.gather(interval).alias("__scope"),
        test.gather(interval).alias("__test"),
    )
    ipv4 = pl.col("__address").is_not_null()
    version_like = pl.all_horizontal(part < module.VERSION_PART_LIMIT for part in parts)
    reasons = joined(
        pl.when(version_like)
        .then(pl.lit("every part below 20, like a version number"))
        .otherwise(pl.lit("valid IPv4 address"))
    )
    flags = joined(
        pl.concat_str(pl.lit("scope="), pl.col("__scope")),
        phrase_if(pl.col("__test"), "test_identifier"),
        "version=4",
    )
    score = pl.when(version_like).then(module.VERSION_LIKE_IP_SCORE).otherwise(module.IP_SCORE)
    return frame.select(
        verdict(ipv4 & pl.col("__valid"), "IP_ADDRESS", score, reasons, flags, unanswered=~ipv4).alias(
            "verdict"
        )
    ).unnest("verdict")
