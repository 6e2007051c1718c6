"""A sample knowledge hub: a generator and a loopback HTTP server for tests, demos and benchmarks."""

from .hub import Hub
from .server import SampleHubServer, start_sample_hub

__all__ = ["Hub", "SampleHubServer", "start_sample_hub"]
