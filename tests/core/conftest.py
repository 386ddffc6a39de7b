import pytest

from tests.servers import collectstatic


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected as the container's build collects them (once per run)."""
    root = tmp_path_factory.mktemp("staticfiles")
    collectstatic(root)
    return root
