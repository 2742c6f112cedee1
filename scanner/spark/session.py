"""The Spark session a scan runs in.

An active session (a notebook's, or one a spark-submit application made) is used as it is. Otherwise
one is built, and its master comes from the usual places, first found wins: `--spark-master`, then
`SPARK_MASTER` (both passed here as `master`), then `spark.master` in spark-defaults.conf or from
spark-submit's `--master`, then Spark's own default, `local[*]`. Other options come from
spark-defaults.conf and `--conf` as Spark reads them; ccscan sets only the application name and whether
Spark's stage progress bar shows (not with --quiet, off a terminal, or while ccscan's own bar counts
the rows of local paths).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

APP_NAME = "ccscan"


def spark_session(master: str | None = None, progress: bool = False) -> SparkSession:
    """The active session, or a new one on `master` (None: as spark-defaults.conf or Spark decide);
    `progress` shows Spark's stage progress bar on the terminal."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if master is None or master.startswith("local"):
        # tasks on this machine run in this interpreter's environment, where ccscan is installed
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(APP_NAME)
    builder = builder.config("spark.ui.showConsoleProgress", str(progress).lower())
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()
