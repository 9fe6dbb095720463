"""Offline evaluation: ranking metrics with intervals, the development and real-ad benchmarks."""
