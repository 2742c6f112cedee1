"""pytest's doctests of the packages (--doctest-modules, pyproject.toml) import every module: the Spark
modules only when pyspark is installed (the `spark` extra), as the Spark tests skip without it."""

from importlib.util import find_spec

collect_ignore_glob = [] if find_spec("pyspark") and find_spec("pyarrow") else ["scanner/spark/*.py"]
