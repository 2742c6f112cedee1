"""A scan resolved once: what the user asked for (`ScanRequest`) becomes the `ScanPlan` every backend
scans by.

Every entry point (the command line, the notebook API, tests) builds a `ScanRequest` and calls
`resolve()`: the policy is loaded and the recognizer registry resolved once, unknown rule ids and a bad
baseline or recognizer file are refused before a long scan, the defaults are filled in, and the settings
the report records are written down once (`ScanPlan.config`). What one table's scan needs is the
`TablePlan`, the part a Spark task receives; worker processes get `DetectorSettings` once and batches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from recognizers.analyzer import DEFAULT_THRESHOLD
from recognizers.registry import RecognizerEntry, RegistryError, resolve_registry
from rules.policy import Policy, load_policy
from rules.retention import RetentionCheck
from scanner.baseline import Baseline, load_baseline
from scanner.errors import UsageError
from scanner.readers import ReadLimits
from scanner.readers.database import DatabaseOptions
from scanner.suppressions import Suppressions

DEFAULT_BATCH_ROWS = 50_000

if TYPE_CHECKING:
    from scanner.detector import Detector

Allowed = Callable[[str], bool]


@dataclass(frozen=True)
class DetectorSettings:
    """What a worker process or a Spark task needs to build the same detector as this process."""

    threshold: float = DEFAULT_THRESHOLD
    nlp_model: str | None = None
    engine: str = "vectorised"  # "vectorised", "fast" or "reference"
    recognizers: tuple[RecognizerEntry, ...] | None = None  # resolved in the parent; None: the default

    def build(self) -> Detector:
        """The detector these settings describe (Presidio engines are built, never pickled)."""
        from scanner.detector import build_detector  # Presidio: only where a detector is built

        return build_detector(self.threshold, self.nlp_model, self.engine, self.recognizers)


@dataclass(frozen=True)
class TablePlan:
    """What scanning one table takes, wherever it runs: the policy whose retention rules are counted
    while scanning (judged on `as_of`), batch size, read limits, the suppressions' ignored columns and
    the sample size."""

    policy: Policy
    as_of: date
    batch_rows: int = DEFAULT_BATCH_ROWS
    limits: ReadLimits = ReadLimits()
    suppressions: Suppressions = Suppressions()
    # scan only about this many rows of each table, in blocks spread over it (scanner/sampling.py)
    sample: int | None = None

    def retention(self, location: str, sheet: str | None = None) -> RetentionCheck:
        """The retention rules that may cover the table at `location` (by its columns, or by its own
        name: a sheet's name for a sheet), counted on `as_of`."""
        return self.policy.retention_check(location, sheet, self.as_of)


@dataclass(frozen=True)
class ScanPlan:
    """One scan, resolved: what to read, how to detect, how each table is scanned, how it is judged,
    and the settings its report records."""

    paths: tuple[Path, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    engine: str
    workers: int
    detector: DetectorSettings
    show_values: bool
    # the allowed-values test of the suppressions (None: every found value counts), built once
    allowed: Allowed | None
    tables: TablePlan
    fail_on: str
    baseline: Baseline | None
    config: dict = field(compare=False)
    # engine "spark": URIs and DataFrames Spark reads (scanner/spark/driver.py SparkInput), and its master
    spark_inputs: tuple = ()
    spark_master: str | None = None
    # database URLs and SQLite files named directly, and how to read them (readers/database.py)
    databases: tuple[str, ...] = ()
    database: DatabaseOptions = DatabaseOptions()

    @property
    def policy(self) -> Policy:
        return self.tables.policy

    @property
    def as_of(self) -> date:
        return self.tables.as_of

    @property
    def suppressions(self) -> Suppressions:
        return self.tables.suppressions


@dataclass(frozen=True)
class ScanRequest:
    """A scan as the user asked for it, before defaults, policy files and baseline are resolved."""

    paths: tuple[Path, ...]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    threshold: float | None = None
    batch_rows: int | None = None
    nlp_model: str | None = None
    show_values: bool = False
    fail_on: str = "high"
    allow_incomplete: bool = False
    workers: int = 1
    engine: str = "vectorised"
    suppressions: Suppressions = Suppressions()
    baseline: Path | None = None
    config_file: Path | None = None
    limits: ReadLimits = ReadLimits()
    policies: tuple[Path, ...] = ()
    recognizers: Path | None = None  # --recognizers: laid over recognizers/default_recognizers.yaml
    as_of: date | None = None  # "today" for retention rules; None: the real date
    sample: int | None = None
    spark_inputs: tuple = ()
    spark_master: str | None = None
    databases: tuple[str, ...] = ()
    database: DatabaseOptions = DatabaseOptions()  # its globs and sample are the request's own
    lang: str = "en"  # the language of the HTML and Markdown reports and the summary (scanner/i18n.py)

    def resolve(self) -> ScanPlan:
        """The plan of this scan; raises a CcscanError (a PolicyError for a policy file) for what the user must fix (a policy file, an
        unknown rule id, a baseline, an option that does not fit the engine) before anything is read."""
        if self.engine == "spark" and self.workers > 1:
            raise UsageError(
                "--workers is for the local engine; on Spark, every executor core scans a partition"
            )
        policy = load_policy(self.policies)
        unknown = sorted(rule for rule in self.suppressions.rule_ids() if policy.rule(rule) is None)
        if unknown:
            raise UsageError(f"unknown rule id(s) in --disable-rule/--severity: {', '.join(unknown)}")
        baseline = load_baseline(self.baseline) if self.baseline else None
        try:
            recognizers = resolve_registry(self.recognizers)  # a bad file fails before a long scan
        except RegistryError as error:  # recognizers/ cannot raise scanner's errors
            raise UsageError(str(error)) from None
        threshold = self.threshold if self.threshold is not None else DEFAULT_THRESHOLD
        batch_rows = self.batch_rows or DEFAULT_BATCH_ROWS
        as_of = self.as_of or date.today()
        return ScanPlan(
            paths=self.paths,
            include=self.include,
            exclude=self.exclude,
            engine=self.engine,
            workers=self.workers,
            # Spark tasks run the vectorised analysis
            detector=DetectorSettings(
                threshold,
                self.nlp_model,
                "vectorised" if self.engine == "spark" else self.engine,
                recognizers,
            ),
            show_values=self.show_values,
            allowed=self.suppressions.allowed if self.suppressions.allow_values else None,
            tables=TablePlan(policy, as_of, batch_rows, self.limits, self.suppressions, self.sample),
            fail_on=self.fail_on,
            baseline=baseline,
            config={
                "threshold": threshold,
                "batch_rows": batch_rows,
                "sample": self.sample,
                "fail_on": self.fail_on,
                "allow_incomplete": self.allow_incomplete,
                "show_values": self.show_values,
                "nlp_model": self.nlp_model,
                "engine": self.engine,
                "include": list(self.include),
                "exclude": list(self.exclude),
                "config_file": str(self.config_file) if self.config_file else None,
                "baseline": str(self.baseline) if self.baseline else None,
                **self.suppressions.config(),
                **asdict(self.limits),
                "policies": [str(path) for path in self.policies],
                **({"recognizers": str(self.recognizers)} if self.recognizers else {}),
                "as_of": as_of.isoformat(),
                "lang": self.lang,
                **(
                    {
                        "schemas": list(self.database.schemas),
                        "views": self.database.views,
                        "statement_timeout_s": self.database.statement_timeout_s,
                    }
                    if self.databases
                    else {}
                ),
            },
            spark_inputs=self.spark_inputs,
            spark_master=self.spark_master,
            databases=self.databases,
            database=replace(self.database, include=self.include, exclude=self.exclude, sample=self.sample),
        )
