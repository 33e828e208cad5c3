"""`make bench`: synthetic knowledge bases and the benchmark that builds them (see BENCHMARKS.md)."""
