"""`python -m rag.cli`, as the `rag` script runs it (tests and benchmarks start it so)."""

from rag.cli import main

main()
