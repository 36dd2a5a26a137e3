"""``{% load academics_setup %}``: whether the user keeps programmes and the calendar."""

from typing import Any

from django import template

from dot.academics.setup_permissions import can_manage_setup

register = template.Library()


@register.filter
def manages_setup(user: Any) -> bool:
    return can_manage_setup(user)
