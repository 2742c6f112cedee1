"""ccscan scanner: moves data from the exports through recognition and policy to the report."""
