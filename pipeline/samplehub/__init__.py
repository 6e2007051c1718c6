"""A sample knowledge hub: a generator and a loopback HTTP server for tests, demos and benchmarks."""

from pipeline.samplehub.hub import Hub
from pipeline.samplehub.server import SampleHubServer, start_sample_hub

__all__ = ["Hub", "SampleHubServer", "start_sample_hub"]
