"""The scan on Apache Spark: the same per-batch scan, run in Spark tasks, merged on the driver.

- `lake.py`: what a URI is, and which files lie under one (listed by Spark, filtered like folders);
- `session.py`: the Spark session a scan runs in (an existing one, or one built from the usual places);
- `executor.py`: what runs in Spark's Python workers: a cached detector per worker, and the three task
  functions handed to `mapInArrow` (batches read on the driver, whole lake files, DataFrame partitions);
- `driver.py`: jobs, merging of the partial profiles, and the table results the report is built from;
- `notebook.py`: `scan_dataframe` and `scan_tables`, the report of a DataFrame in one notebook cell.

Nothing in this package is imported unless Spark is asked for (`--engine spark`, or the notebook API),
so the core install does not need pyspark (`pip install 'ccscan[spark]'` adds it).
"""
