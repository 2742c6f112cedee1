"""Data-subject search (`ccscan find`): every trace of given people across exports, for GDPR access
(Art. 15) and erasure (Art. 17) requests.

subjects.py loads the people and holds their identifiers only as salted hashes of their writings;
matching.py finds those hashes in one batch with whole-column polars expressions and one join;
search.py reads every table with the scan's readers and workers; results.py, renderers.py and
exports.py turn the matches into the report, the access export and the erasure manifest.
"""
