"""Template filters naming services and people: `{{ provider|public_name }}`, `{{ name|of_name }}`."""

from django import template

from portail.registry import names
from portail.registry.models import Provider

register = template.Library()


@register.filter
def public_name(provider: Provider) -> str:
    return names.public_name(provider)


@register.filter
def of_name(name: str) -> str:
    return names.of_name(str(name))
