"""The portal's benchmarks, one module per app (named after it), each listing its BENCHMARKS."""
