"""Severity levels, lowest first; `--fail-on` compares against this order."""

SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    """The position of `severity` in SEVERITIES; raises ValueError for an unknown level."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise ValueError(f"unknown severity {severity!r} (expected one of {', '.join(SEVERITIES)})") from None
