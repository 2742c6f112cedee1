"""Keep every library ccscan imports from reaching the network.

tldextract (imported by Presidio's email recognizer) fetches the public-suffix list on first use unless
its URL list is empty, in which case it uses the snapshot it ships; it reads the setting when it is
first imported, so this module must run before Presidio is imported (recognizers/__init__.py does it).
"""

import os

OFFLINE_ENVIRONMENT = {
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}


def go_offline() -> None:
    """Set the environment that keeps tldextract and model hubs offline for this process."""
    os.environ.update(OFFLINE_ENVIRONMENT)
