"""Email and IP addresses: network.check_email and network.check_ip as polars expressions over whole
cells (see recognizers/vectorised). The texts are printable ASCII, so `\\w`, lower-casing and
`str.isalpha` mean the same in Rust and Python.

>>> texts = pl.DataFrame({"text": ["kari.nordmann@example.no", "logo@2x.png"]})
>>> email_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "flags").rows()
[(True, ''), (False, '')]
>>> texts = pl.DataFrame({"text": ["203.0.113.42", "255.255.255.0", "2001:db8::1", "::1"]})
>>> ip_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "unanswered").rows()
[(True, False), (False, False), (True, False), (False, False)]
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


def _networks(constants: type, version: int) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Every network of `version` the ipaddress module's properties (`constants`) and the documentation
    ranges test."""
    networks = [net for net in network.DOCUMENTATION_NETWORKS if net.version == version]
    for value in vars(constants).values():
        for net in value if isinstance(value, list) else [value]:
            if isinstance(net, ipaddress.IPv4Address | ipaddress.IPv6Address):
                net = ipaddress.ip_network(net)
            if isinstance(net, ipaddress.IPv4Network | ipaddress.IPv6Network) and net.version == version:
                networks.append(net)
    return networks


def _answers(version: int, starts: list[int]) -> pl.DataFrame:
    """check_ip's valid, scope and test flag for the address at each of `starts`."""
    rows = []
    for start in starts:
        address = ipaddress.IPv6Address(start) if version == 6 else ipaddress.IPv4Address(start)
        checked = network.check_ip(address.exploded)  # exploded: "ff00::" has no digit, its long form has
        rows.append(
            (checked.valid, str(checked.flags.get("scope")), bool(checked.flags.get("test_identifier")))
        )
    return pl.DataFrame(rows, schema=["__valid", "__scope", "__test"], orient="row")


def _intervals(constants: type, version: int, key_bits: int) -> tuple[pl.Series, pl.DataFrame]:
    """The address space of `version`, keyed by an address's first `key_bits` bits, cut at the edge of
    every network of _networks, and per interval check_ip's valid, scope and test flag, asked of
    check_ip itself for the interval's first address: every address of an interval has the same answer
    to each of those tests, but in an interval that holds a network narrower than the key (IPv6's
    ::1/128, ::ffff:0:0/96), looked up again by the rest of the address (_narrow_intervals)."""
    shift = (32 if version == 4 else 128) - key_bits
    edges = {0, 2**key_bits}
    for net in _networks(constants, version):
        edges |= {int(net.network_address) >> shift, (int(net.broadcast_address) >> shift) + 1}
    starts = sorted(edges - {2**key_bits})
    return pl.Series(starts, dtype=pl.UInt64), _answers(version, [start << shift for start in starts])


def _narrow_intervals(constants: type, key_bits: int) -> dict[int, tuple[pl.Series, pl.DataFrame]]:
    """Per IPv6 key (first `key_bits` bits) whose interval is narrow: that key's addresses keyed by their
    last 128 - `key_bits` bits, cut at the edges of the networks inside it, with check_ip's answers
    per interval as _intervals gives them (every network the key holds a part of either holds the whole
    key's addresses or lies inside them)."""
    shift = 128 - key_bits
    inner: dict[int, set[int]] = {}
    for net in _networks(constants, 6):
        if net.prefixlen > key_bits:
            key, low = int(net.network_address) >> shift, int(net.network_address) % 2**shift
            inner.setdefault(key, {0, 2**shift}).update({low, low + net.num_addresses})
    tables = {}
    for key, edges in inner.items():
        starts = sorted(edges - {2**shift})
        answers = _answers(6, [(key << shift) + start for start in starts])
        tables[key] = (pl.Series(starts, dtype=pl.UInt64), answers)
    return tables


IPV4_STARTS, IPV4_ANSWERS = _intervals(ipaddress._IPv4Constants, 4, 32)
IPV6_STARTS, IPV6_ANSWERS = _intervals(ipaddress._IPv6Constants, 6, 64)
IPV6_NARROW = _narrow_intervals(ipaddress._IPv6Constants, 64)


def _lookup(
    frame: pl.DataFrame, key: str, starts: pl.Series, answers: pl.DataFrame, suffix: str
) -> pl.DataFrame:
    interval = starts.search_sorted(frame[key].fill_null(0), side="right") - 1
    found = answers[interval]
    return pl.concat([frame, found.rename({name: name + suffix for name in found.columns})], how="horizontal")


def _narrow_lookup(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` after the IPv6 lookup, with the answers of the addresses of a narrow interval looked up
    again by their last 64 bits (`__low6`)."""
    for key, (starts, answers) in IPV6_NARROW.items():
        inside = (pl.col("__key6") == key).fill_null(False)
        low = _lookup(frame.select("__low6"), "__low6", starts, answers, "6")
        frame = frame.with_columns(
            pl.when(inside).then(low[name]).otherwise(pl.col(name)).alias(name)
            for name in (column + "6" for column in answers.columns)
        )
    return frame


def ip_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_ip: an IPv4 address, or an IPv6 one mapping an IPv4 address, gets valid, scope and the
    documentation flag from its IPv4 interval and the version-like score from its parts; any other
    IPv6 address from the interval of its first 64 bits ("::" expanded as ipaddress does; a text
    ipaddress refuses is rejected); a text without a digit ("cafe::beef") is rejected. An IPv6
    address in a narrow interval (::/64, which holds ::1 and ::) from the interval of its last 64 bits
    inside it."""
    del today
    module = network
    text = pl.col(TEXT).str.to_lowercase()
    ipv4_text = text.str.extract_groups(r"^(\d+)\.(\d+)\.(\d+)\.(\d+)$")
    tail = text.str.extract_groups(r"(\d+)\.(\d+)\.(\d+)\.(\d+)$")
    frame = frame.with_columns(
        text.alias("__lower"),
        *(
            ipv4_text.struct.field(str(n)).cast(pl.Int64, strict=False).alias(f"__v4_{n}")
            for n in range(1, 5)
        ),
        *(tail.struct.field(str(n)).cast(pl.Int64, strict=False).alias(f"__tail{n}") for n in range(1, 5)),
    )
    lower = pl.col("__lower")
    is_ipv4 = pl.col("__v4_1").is_not_null()
    has_tail = pl.col("__tail1").is_not_null()
    head = pl.when(has_tail).then(lower.str.replace(r"\d+\.\d+\.\d+\.\d+$", "")).otherwise(lower)
    frame = frame.with_columns(head.alias("__head"))
    head = pl.col("__head")
    # "1:2:3:4:5:6:" before an IPv4 tail: the colon belongs to the tail ("::" before one stays)
    head = (
        pl.when(has_tail & head.str.ends_with(":") & ~head.str.ends_with("::"))
        .then(head.str.slice(0, head.str.len_chars() - 1))
        .otherwise(head)
    )
    frame = frame.with_columns(head.alias("__head"))
    head = pl.col("__head")
    double = head.str.contains("::", literal=True)
    left = pl.when(double).then(head.str.extract(r"^(.*?)::", 1)).otherwise(head)
    right = head.str.extract(r"::(.*)$", 1)

    def count(part: pl.Expr) -> pl.Expr:
        return pl.when(part.is_null() | (part == "")).then(0).otherwise(part.str.count_matches(":") + 1)

    tail_groups = pl.when(has_tail).then(2).otherwise(0)
    frame = frame.with_columns(
        left.alias("__left"),
        right.alias("__right"),
        (count(left) + count(right) + tail_groups).alias("__explicit"),
        double.alias("__double"),
    )
    explicit, missing = pl.col("__explicit"), 8 - pl.col("__explicit")
    zeros = missing.replace_strict(
        {n: ":".join("0" * n) for n in range(1, 9)}, default=None, return_dtype=pl.String
    )
    nonempty = [pl.when(part != "").then(part) for part in (pl.col("__left"), zeros, pl.col("__right"))]
    expanded = (
        pl.when(pl.col("__double"))
        .then(pl.concat_str(nonempty, separator=":", ignore_nulls=True))
        .otherwise(pl.col("__left"))
    )
    frame = frame.with_columns(
        (~is_ipv4 & pl.when(pl.col("__double")).then(explicit <= 7).otherwise(explicit == 8)).alias(
            "__ipv6_ok"
        ),
        expanded.str.split(":").alias("__groups"),
    )
    groups = [
        pl.col("__groups").list.get(n, null_on_oob=True).str.to_integer(base=16, strict=False).cast(pl.Int64)
        for n in range(8)
    ]
    tail_hi = pl.col("__tail1") * 256 + pl.col("__tail2")
    tail_lo = pl.col("__tail3") * 256 + pl.col("__tail4")
    groups[6] = pl.when(has_tail).then(tail_hi).otherwise(groups[6])
    groups[7] = pl.when(has_tail).then(tail_lo).otherwise(groups[7])
    frame = frame.with_columns(group.alias(f"__g{n}") for n, group in enumerate(groups))
    g = [pl.col(f"__g{n}") for n in range(8)]
    mapped = pl.col("__ipv6_ok") & pl.all_horizontal(part == 0 for part in g[:5]) & (g[5] == 0xFFFF)
    octets = [
        pl.when(is_ipv4)
        .then(pl.col(f"__v4_{n + 1}"))
        .otherwise((g[6 + n // 2] // 256) if n % 2 == 0 else (g[6 + n // 2] % 256))
        for n in range(4)
    ]
    frame = frame.with_columns(
        mapped.alias("__mapped"),
        *(octet.alias(f"__octet{n}") for n, octet in enumerate(octets)),
    )
    parts = [pl.col(f"__octet{n}") for n in range(4)]
    frame = frame.with_columns(
        pl.when(is_ipv4 | pl.col("__mapped"))
        .then(parts[0] * 2**24 + parts[1] * 2**16 + parts[2] * 2**8 + parts[3])
        .cast(pl.UInt64)
        .alias("__key4"),
        pl.when(pl.col("__ipv6_ok") & ~pl.col("__mapped"))
        .then(
            g[0].cast(pl.UInt64) * 2**48
            + g[1].cast(pl.UInt64) * 2**32
            + g[2].cast(pl.UInt64) * 2**16
            + g[3].cast(pl.UInt64)
        )
        .alias("__key6"),
        (
            g[4].cast(pl.UInt64) * 2**48
            + g[5].cast(pl.UInt64) * 2**32
            + g[6].cast(pl.UInt64) * 2**16
            + g[7].cast(pl.UInt64)
        ).alias("__low6"),
    )
    frame = _lookup(frame, "__key4", IPV4_STARTS, IPV4_ANSWERS, "4")
    frame = _narrow_lookup(_lookup(frame, "__key6", IPV6_STARTS, IPV6_ANSWERS, "6"))
    as_ipv4 = pl.col("__key4").is_not_null()
    as_ipv6 = pl.col("__key6").is_not_null()

    def pick(name: str) -> pl.Expr:
        return pl.when(as_ipv4).then(pl.col(name + "4")).otherwise(pl.col(name + "6"))

    # ":::" holds two empty groups between colons, which ipaddress refuses wherever they stand
    has_digit = pl.col(TEXT).str.contains(r"[0-9]")
    valid = ~lower.str.contains(":::", literal=True) & has_digit & (as_ipv4 | as_ipv6) & pick("__valid")
    version_like = as_ipv4 & pl.all_horizontal(part < module.VERSION_PART_LIMIT for part in parts)
    reasons = joined(
        pl.when(version_like)
        .then(pl.lit("every part below 20, like a version number"))
        .when(as_ipv4)
        .then(pl.lit("valid IPv4 address"))
        .otherwise(pl.lit("valid IPv6 address"))
    )
    flags = joined(
        pl.concat_str(pl.lit("scope="), pick("__scope")),
        phrase_if(pick("__test"), "test_identifier"),
        pl.when(as_ipv4).then(pl.lit("version=4")).otherwise(pl.lit("version=6")),
    )
    score = pl.when(version_like).then(module.VERSION_LIKE_IP_SCORE).otherwise(module.IP_SCORE)
    return frame.select(verdict(valid, "IP_ADDRESS", score, reasons, flags).alias("verdict")).unnest(
        "verdict"
    )
