"""Email addresses (EMAIL_ADDRESS) and IP addresses (IP_ADDRESS).

Email: a local part of at most 64 characters that starts and ends with a letter or digit, "@", and a
domain of dot-separated labels (1-63 letters, digits or hyphens, no hyphen at either end) ending in a
top-level domain of two or more letters. The domain's shape is checked here, without tldextract (which
would fetch the public suffix list from the network). Score 0.85. Image names like "logo@2x.png" are
rejected; the reserved example domains (RFC 2606: example.com, *.test, …) are flagged
`test_identifier`.

>>> check_email("kari.nordmann@example.no").valid
True
>>> check_email("kari@-example.no").valid
False

IP: IPv4 in dotted decimal without leading zeros, and IPv6 (full or "::"-compressed, also with an IPv4
tail), validated by the `ipaddress` module. Addresses that never point at a person's device are
rejected: unspecified, loopback, multicast and reserved (240/4 holds the broadcast address and the
netmasks 255.x.x.x). Score 0.6; an IPv4 whose every part is below 20 ("4.12.3.0") reads as a version
number and scores 0.3, so that only an IP word lifts it. Version words nearby ("version 5.2.103.7")
lower the score.

>>> check_ip("203.0.113.42").flags
{'version': 4, 'scope': 'private', 'test_identifier': True}
>>> check_ip("255.255.255.0").valid
False
"""

from __future__ import annotations

import ipaddress
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict

EMAIL_SCORE = 0.85
IP_SCORE = 0.6
VERSION_LIKE_IP_SCORE = 0.3
# "4.12.3.0" is a version; an address with every part below 20 is rare outside 10.0.x.x LANs.
VERSION_PART_LIMIT = 20

# Image and asset names that take the email shape ("icon@2x.png"); no person reads mail there.
FILE_EXTENSIONS: frozenset[str] = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js"})
# RFC 2606 / RFC 6761 names reserved for documentation and testing.
RESERVED_DOMAINS: frozenset[str] = frozenset({"example.com", "example.net", "example.org"})
RESERVED_TLDS: frozenset[str] = frozenset({"example", "test", "invalid", "localhost"})

# RFC 5737 and RFC 3849 ranges for documentation and examples.
DOCUMENTATION_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = tuple(
    ipaddress.ip_network(network)
    for network in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)

_LOCAL_CHARS = r"[\w.%+'-]"
EMAIL_PATTERN = Pattern(
    "email",
    # "'" may precede the address (a quote) but "." or "-" there would mean a longer local part.
    rf"(?<![\w.%+-])\w(?:{_LOCAL_CHARS}{{0,62}}\w)?@(?:[^\W_][\w-]{{0,62}}\.){{1,8}}[^\W\d_]{{2,63}}"
    r"(?![\w-]|\.[^\W_])",
    EMAIL_SCORE,
)

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_HEX = r"[0-9a-f]{1,4}"
IPV4_PATTERN = Pattern("ipv4", rf"(?<![\w.:-]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w-]|\.\d)", IP_SCORE)
IPV6_PATTERN = Pattern(
    "ipv6",
    # the lookahead (a group, a colon, more) fails fast at the positions of ordinary text
    r"(?<![\w:.])(?=[0-9a-f]{0,4}:[0-9a-f:])(?:"
    + rf"(?:{_HEX}:){{7}}{_HEX}"
    + rf"|(?:{_HEX}:){{6}}{_OCTET}(?:\.{_OCTET}){{3}}"
    + rf"|(?:{_HEX}(?::{_HEX}){{0,6}})?::(?:{_HEX}(?::{_HEX}){{0,6}})?(?::{_OCTET}(?:\.{_OCTET}){{3}})?"
    + rf"|(?:{_HEX}(?::{_HEX}){{0,5}})?::{_OCTET}(?:\.{_OCTET}){{3}}"
    + r")(?![\w:]|\.\d)",
    IP_SCORE,
)


def _domain_is_well_formed(domain: str) -> bool:
    labels = domain.split(".")
    return (
        len(domain) <= 253
        and all(0 < len(label) <= 63 and "_" not in label for label in labels)
        and not any(label.startswith("-") or label.endswith("-") for label in labels)
        and labels[-1].isalpha()
        and len(labels[-1]) >= 2
    )


def check_email(text: str) -> Verdict:
    """An email address if its local part and domain have the shapes mail systems accept."""
    local, _, domain = text.rpartition("@")
    domain = domain.lower()
    tld = domain.rsplit(".", 1)[-1]
    if len(local) > 64 or ".." in local or not _domain_is_well_formed(domain) or tld in FILE_EXTENSIONS:
        return REJECT
    registered = ".".join(domain.split(".")[-2:])
    reserved = registered in RESERVED_DOMAINS or tld in RESERVED_TLDS
    flags: dict[str, object] = {"test_identifier": True} if reserved else {}
    return Verdict(valid=True, score=EMAIL_SCORE, reasons=("address and domain well formed",), flags=flags)


def check_ip(text: str) -> Verdict:
    """An IP address that could be a device's; the scope (public or private) is a flag."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return REJECT
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if (
        address.is_unspecified
        or address.is_loopback
        or address.is_multicast
        or address.is_reserved
        # "cafe::beef" and "a::b" are valid IPv6 but read as words ("Class::a")
        or not any(char.isdigit() for char in text)
    ):
        return REJECT
    scope = "public" if address.is_global else "private"
    flags: dict[str, object] = {"version": address.version, "scope": scope}
    if any(address in network for network in DOCUMENTATION_NETWORKS):
        flags["test_identifier"] = True
    if address.version == 4 and all(octet < VERSION_PART_LIMIT for octet in address.packed):
        reasons = ("every part below 20, like a version number",)
        return Verdict(valid=True, score=VERSION_LIKE_IP_SCORE, reasons=reasons, flags=flags)
    return Verdict(valid=True, score=IP_SCORE, reasons=(f"valid IPv{address.version} address",), flags=flags)


class EmailAddressRecognizer(CheckedPatternRecognizer):
    """Email addresses, with the domain's shape checked offline."""

    ENTITIES: ClassVar[dict[str, str]] = {"EMAIL_ADDRESS": "EMAIL"}
    PATTERNS: ClassVar[list[Pattern]] = [EMAIL_PATTERN]
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "email",
        "e-mail",
        "epost",
        "e-post",
        "mail",
        "sähköposti",
        "netfang",
        "mejl",
        "mailadresse",
    )
    CANDIDATE: ClassVar[str] = r"\w@\w[\w-]*\."

    def check(self, text: str) -> Verdict:
        return check_email(text)


class IpAddressRecognizer(CheckedPatternRecognizer):
    """IPv4 and IPv6 addresses that could identify a device."""

    ENTITIES: ClassVar[dict[str, str]] = {"IP_ADDRESS": "IP_ADDRESS"}
    PATTERNS: ClassVar[list[Pattern]] = [IPV4_PATTERN, IPV6_PATTERN]
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "ip",
        "ip-adresse",
        "ip-adress",
        "ip address",
        "ip-osoite",
        "ipv4",
        "ipv6",
    )
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = (
        "version*",
        "versjon*",
        "versio*",
        "ver",
        "ver.",
        "v",
        "build",
        "release",
        "firmware",
        "útgáfa",
    )
    CANDIDATE: ClassVar[str] = r"\d\.\d{1,3}\.\d{1,3}\.\d|::|(?:[0-9A-Fa-f]{1,4}:){6}"

    def check(self, text: str) -> Verdict:
        return check_ip(text)
