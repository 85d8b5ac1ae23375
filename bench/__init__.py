"""Benchmarks (not tests): ``python -m bench.run`` writes docs/benchmarks.md."""
