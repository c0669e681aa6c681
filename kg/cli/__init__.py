"""The `anatomy-kg` command line: the click group (kg.cli.main), the reasoning commands (kg.cli.reasoning),
the app launcher (kg.cli.app) and their shared options and output (kg.cli.util, kg.cli.output).

Nothing in kg's core imports this package; `python -m kg.cli` runs the command line.
"""
