"""`python -m indopac` runs the command line."""

from indopac.cli import cli

cli()
