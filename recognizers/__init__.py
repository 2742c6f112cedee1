"""What personal data looks like: Presidio recognizers for Nordic identifiers, phones, accounts and more.

Importing this package first makes the process offline for the libraries it pulls in (see `offline`).
"""

from recognizers.offline import go_offline

go_offline()
