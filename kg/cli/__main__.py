"""`python -m kg.cli`: the `anatomy-kg` command line."""

from kg.cli.main import main

main()
