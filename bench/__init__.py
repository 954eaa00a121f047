"""Benchmarks and the benchmark data generator (see bench/RESULTS.md)."""
