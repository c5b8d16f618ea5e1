"""What a signed-in provider's recognition lets it open, for menus and buttons:
`{% if user|reads_children %}`, the same predicates as the views (portail/registry/permissions.py), so that
no link leads to a 403."""

from typing import Any

from django import template

from portail.registry import permissions

register = template.Library()


@register.filter
def reads_children(user: Any) -> bool:
    provider = permissions.acting_provider(user)
    return provider is not None and permissions.reads_children(provider)


@register.filter
def reads_admitted_children(user: Any) -> bool:
    """A suspended provider still keeps its admitted children's files (and their attendance)."""
    provider = permissions.acting_provider(user)
    return provider is not None and permissions.reads_admitted_children(provider)
