"""A test-only model that proves the approval engine; never installed outside the tests.

Its table is created by the ``approvaltest`` fixture (``dot/core/tests/conftest.py``):
the label is not in ``INSTALLED_APPS``, so ``makemigrations`` never sees the model.
"""
