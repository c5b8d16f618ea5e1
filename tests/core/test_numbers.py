"""Counts read the French way on every list: « 8 168 services », with a no-break space, not « 8168 »."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from portail.directory.forms import SearchForm
from portail.directory.fragments import fields

COUNTS = [
    ("registry/_provider_results.html", "1\u00a0234 RSGE trouvés."),
    ("waitlist/_reserve_table.html", "1\u00a0234 enfants"),
    ("admissions/confirmations.html", "1\u00a0234 admissions à confirmer"),
]


@pytest.mark.parametrize(("template", "expected"), COUNTS)
def test_a_list_s_count_groups_its_thousands(rf, template, expected):
    page = SimpleNamespace(paginator=SimpleNamespace(count=1234), object_list=[])
    request = rf.get("/")
    request.user = SimpleNamespace(is_authenticated=False)

    with translation.override("fr"):
        html = render_to_string(template, {"page": page, "rows": []}, request=request)

    assert expected in html


def test_the_map_s_count_groups_its_thousands(rf):
    criteria = SimpleNamespace(radius_km=50, latitude=45.5, longitude=-73.6)
    context = {"criteria": criteria, "count": 8168, "place": SimpleNamespace(name="H3B (Centre-ville)")}

    with translation.override("fr"):
        form = SearchForm()
        html = render_to_string("directory/_search.html", {**context, "form": form, "fields": fields(form)})

    assert "8\u00a0168 services à moins de 50 km de H3B (Centre-ville)" in html
