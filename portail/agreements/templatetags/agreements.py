"""The agreement section of a parent's page of its child: rendered here, so families imports no agreement."""

from typing import Any

from django import template

from portail.agreements.models import Agreement, Status, allows
from portail.agreements.permissions import can_end

register = template.Library()


@register.inclusion_tag("agreements/_child_agreements.html", takes_context=True)
def child_agreements(context: dict[str, Any], child: Any) -> dict[str, Any]:
    """The child's agreements as its reader may see them, with their versions and steps."""
    user = context["request"].user
    agreements = (
        Agreement.objects.visible_to(user)
        .filter(admission__child=child)
        .prefetch_related("versions__fees", "events__by")
        .order_by("-pk")
    )
    return {
        "agreements": [
            (agreement, can_end(user, agreement) and allows(agreement, Status.ENDED))
            for agreement in agreements
        ]
    }
