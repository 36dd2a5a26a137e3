"""Models of the app (see its README)."""
