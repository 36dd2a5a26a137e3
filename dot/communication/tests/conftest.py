import pytest

from dot.communication.testing import eager_tasks, smtp_server

__all__ = ["eager_tasks", "smtp_server"]


@pytest.fixture(autouse=True)
def _inline_tasks(eager_tasks):
    """No Celery worker runs in tests: delivery tasks run inline in both shapes."""
