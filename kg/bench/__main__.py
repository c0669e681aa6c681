"""`python -m kg.bench`: the benchmark without the CLI group."""

from kg.bench.benchmark import bench

bench()
