"""The change feed: every change in the office's territory, in order, after a cursor."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from portail.api.base import ApiView
from portail.api.models import ChangeEvent, EventKind
from portail.api.permissions import ANY_SCOPE, granted
from portail.api.problems import Problem
from portail.api.serializers import EventSerializer
from portail.api.views.common import id_filter

FEED_PAGE = 200
# Which read scope shows which kinds of change.
READ_BY = {
    "admission": "admissions:read",
    "agreement": "agreements:read",
    "provider": "register:read",
    "attendance": "attendance:read",
}


def kinds_read(scopes: set[str]) -> list[str]:
    return [kind for kind in EventKind.values if READ_BY[kind.split(".")[0]] in scopes]


class Events(ApiView):
    # Any token opens the feed; it shows the kinds of change the client's read scopes cover.
    scope = ANY_SCOPE

    @extend_schema(
        operation_id="events_list",
        summary="The changes after a cursor (0 or absent: from the start), oldest first",
        parameters=[OpenApiParameter("after", int), OpenApiParameter("limit", int)],
        responses=inline_serializer(
            "EventPage",
            {
                "events": EventSerializer(many=True),
                "next": serializers.IntegerField(),
                "more": serializers.BooleanField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        after = id_filter(request, "after") or 0
        limit = id_filter(request, "limit") or FEED_PAGE
        if not 1 <= limit <= FEED_PAGE:
            raise Problem(
                _("limit is from 1 to %(max)s.") % {"max": FEED_PAGE}, code="invalid_filter", status_code=400
            )
        events = list(
            ChangeEvent.objects.filter(
                office_id=request.api_client.office_id, pk__gt=after, kind__in=kinds_read(granted(request))
            )
            .order_by("pk")
            .only("kind", "object_id", "status", "at")[: limit + 1]
        )
        more = len(events) > limit
        events = events[:limit]
        return Response(
            {
                "events": EventSerializer(events, many=True).data,
                "next": events[-1].pk if events else after,
                "more": more,
            }
        )
