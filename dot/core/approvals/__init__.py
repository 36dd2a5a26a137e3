"""Internals of the approval-route engine; import the public API from ``dot.core.approval``."""
