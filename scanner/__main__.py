"""`python -m scanner` runs the ccscan command line."""

from scanner.cli import main

if __name__ == "__main__":  # not when pytest imports the module for its doctests
    main()
