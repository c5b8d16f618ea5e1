"""Lists by cursor: constant cost whatever the page, stable while rows are added."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.pagination import CursorPagination

from portail.api.problems import Problem


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "pk"

    def decode_cursor(self, request: Any) -> Any:
        try:
            return super().decode_cursor(request)
        except Exception:  # DRF raises NotFound; a malformed cursor is the caller's error
            raise Problem(
                _("This cursor is not valid: use the `next` link of a page."),
                code="invalid_cursor",
                status_code=400,
            ) from None

    def get_page_size(self, request: Any) -> int:
        asked = request.query_params.get(self.page_size_query_param)
        if asked is not None and not (asked.isdigit() and 1 <= int(asked) <= self.max_page_size):
            raise Problem(
                _("page_size is a whole number from 1 to %(max)s.") % {"max": self.max_page_size},
                code="invalid_filter",
                status_code=400,
            )
        return super().get_page_size(request)
