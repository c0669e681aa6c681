"""`anatomy-kg bench`: the benchmark (kg.bench.benchmark) and the synthetic graphs it scales to (kg.bench.synthetic).

`python -m kg.bench` runs the benchmark without the CLI group.
"""
