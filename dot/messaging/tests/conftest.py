import pytest

from dot.communication.testing import eager_tasks, smtp_server
from dot.messaging.factories import build_school

__all__ = ["eager_tasks", "smtp_server"]


@pytest.fixture(autouse=True)
def _inline_tasks(eager_tasks, settings, tmp_path):
    """No Celery worker runs in tests: delivery tasks run inline in both shapes."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def school(uni, make_user):
    return build_school(uni, make_user)
