import pytest


@pytest.fixture
def feed_server(httpserver, settings):
    """A real HTTP server on loopback, which feeds may reach in tests."""
    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = True
    return httpserver
