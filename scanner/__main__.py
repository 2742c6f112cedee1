"""`python -m scanner` runs the ccscan command line."""

from scanner.cli import main

main()
