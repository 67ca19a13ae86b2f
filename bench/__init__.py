"""Benchmarks that print numbers: `python -m bench` (or `make bench`). Not timed unit tests."""
