"""Writes a user makes about themself (the profile page)."""

from __future__ import annotations

from django.db import transaction

from dot.core.audit import audit_record, snapshot_changes

from .models import User


@transaction.atomic
def profile_update(*, user: User, email: str, phone: str, language: str) -> dict[str, list]:
    """Save the user's own contact data and language; returns the recorded changes."""
    values = {"email": email, "phone": phone, "language": language}
    changes = snapshot_changes(user, values)
    if changes:
        for name, value in values.items():
            setattr(user, name, value)
        user.save(update_fields=list(changes))
        audit_record(actor=user, obj=user, action="profile_update", changes=changes)
    return changes
