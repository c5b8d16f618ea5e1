"""No 5xx on hostile input: every form of the signed-in pages, every GET parameter of the public pages.

Each demo account walks the pages it can reach (following links from its home page and every URL of the
URLconf that takes no argument), and every form found there is posted back with the usual hostile values,
one field at a time and all at once: huge integers, year 9999 dates, empty, 10,000 characters, NUL bytes,
repeated keys. The public pages get the same values in each of their GET parameters. A test then checks
that the walk reached every URL pattern of the portal, so a new page cannot escape it.
"""

from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.utils import timezone

from portail.admissions.models import Delegation, Status
from portail.api import urls as api_urls
from portail.api.services import register_client
from portail.attendance.periods import period_of
from portail.directory.forms import SearchForm
from portail.messaging.services import start_thread
from portail.registry.models import RecognitionStatus
from tests.admissions.factories import AdmissionFactory
from tests.agreements.factories import AgreementFactory
from tests.attendance.factories import RecordedAgreementFactory, SheetFactory
from tests.families.factories import ChildFactory, ChoiceFactory, FamilyFileFactory, GuardianFactory
from tests.registry.factories import FacilityFactory, ProviderFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
HOSTILE = [HUGE, f"-{HUGE}", "9999-12-31", "", "x" * 10_000, "a\x00b"]
# All fields at once get these too.
MORE_HOSTILE = ["2147483648", "\x00", "1e309", "NaN"]
# The date fields of a form all at once, in order: a suspension from 9999-12-30 to 9999-12-31.
YEAR_9999 = ["9999-12-30", "9999-12-31", "9999-12-31"]

# Never followed: signing out ends the walk, the Django admin is Django's, the language switch is not a page.
SKIPPED_PREFIXES = ("/comptes/logout/", "/admin/", "/langue/", "/static/", "/media/", "/api/v1/")
# Named URL patterns of the portal that the walk may not reach, and why.
NOT_WALKED = {
    "set_language": "the language switch, posted by the footer's form (skipped: it changes no data)",
    # The management software's API has no forms: schemathesis fuzzes every operation of its served
    # schema (tests/api/test_fuzz.py), and its other doors are in tests/api/test_api.py.
    **{f"api:{pattern.name}": "the API, fuzzed from its schema" for pattern in api_urls.urlpatterns},
}
# Known 500s of code outside this change, each to be fixed where it lives, then removed from here.
# (view, parameter) pairs known to answer 5xx, each with where it is to be fixed; none today.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}
MAX_PAGES = 400
MAX_URLS_PER_PATTERN = (
    5  # a list's pages and filters, an agreement's admission: a few of each pattern are enough
)


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values as the page has them
    dates: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    """The links and forms of a page, with each field's current value."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        for attribute in ("hx-get", "data-url", "data-points-url", "data-suggestions-url"):
            if attributes.get(attribute):
                self.links.append(attributes[attribute])
        if tag == "form":
            self._form = Form(
                method=attributes.get("method", "get").lower(),
                action=urljoin(self.url, attributes.get("action") or self.url),
            )
            self.forms.append(self._form)
        form = self._form
        if form is None:
            return
        name = attributes.get("name")
        if tag in {"input", "button"} and name and name != "csrfmiddlewaretoken":
            kind = attributes.get("type", "text" if tag == "input" else "submit")
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                form.fields.setdefault(name, [])
            elif kind in {"submit", "button", "image", "reset"}:
                form.fields.setdefault(name, [])  # a named button: only its hostile variants send it
            else:
                form.fields.setdefault(name, []).append(attributes.get("value", ""))
            if kind == "date":
                form.dates.append(name)
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            form.fields.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                form.fields[self._select].append(value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            form.fields.setdefault(name, []).append("")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            self._form.fields[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._form is not None and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields[self._select].append(self._select_first)
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@dataclass
class Walk:
    pages: dict[str, str] = field(default_factory=dict)  # url -> view name
    forms: dict[tuple[str, str, str], Form] = field(default_factory=dict)  # (method, view, fields) -> form
    query_names: dict[str, set[str]] = field(default_factory=dict)  # path -> GET parameter names
    failures: list[tuple[Any, ...]] = field(default_factory=list)


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _argument_free_urls() -> list[str]:
    """Every named URL of the URLconf that takes no argument."""
    urls = []
    for name in _pattern_names():
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


def _pattern_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """The names of the portal's URL patterns, with their namespace (allauth's and the admin's left out)."""
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            if not module.startswith("portail."):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _pattern_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    names.add("set_language")
    return names


def _explore(
    client: Client, starts: list[str], *, known: list[str], attack: bool, sign_in: Any = None
) -> Walk:
    """Walks the pages from `starts`, and posts every form found: with the world's known values (a child's
    number, so that a look-up leads on to its next page) and, to attack, with the hostile ones. A redirect
    is followed like a link."""
    walk = Walk()
    pages: deque[str] = deque(starts)
    forms: deque[Form] = deque()
    per_pattern: dict[str, int] = {}
    while (pages or forms) and len(walk.pages) < MAX_PAGES:
        if pages:
            _visit(client, walk, pages.popleft(), pages, forms, per_pattern)
            continue
        form = forms.popleft()
        if sign_in is not None:
            sign_in()  # a form may sign the account out (a password change): each form starts signed in
        for data in _variants(form, known=known, attack=attack):
            response = _send(client, form.method, form.action, data)
            if response.status_code >= 500:
                view = _view_name(urlsplit(form.action).path) or ""
                changed = {k: str(v)[:20] for k, v in data.items() if v != form.fields.get(k)}
                if not all((view, name) in KNOWN_FAILURES for name in changed):
                    walk.failures.append((form.method, view, changed))
            elif response.status_code == 302 and response["Location"].startswith("/"):
                pages.append(response["Location"])
    return walk


def _visit(
    client: Client, walk: Walk, url: str, pages: deque[str], forms: deque[Form], per_pattern: dict[str, int]
) -> None:
    parts = urlsplit(url)
    if url in walk.pages or parts.path.startswith(SKIPPED_PREFIXES):
        return
    name = _view_name(parts.path)
    if name is None or per_pattern.get(name, 0) >= MAX_URLS_PER_PATTERN:
        return
    per_pattern[name] = per_pattern.get(name, 0) + 1
    walk.pages[url] = name
    walk.query_names.setdefault(parts.path, set()).update(key for key, _ in parse_qsl(parts.query))
    response = client.get(url)
    if response.status_code >= 500:
        walk.failures.append(("get", name, url))
    if "text/html" not in response.get("Content-Type", ""):
        return
    parser = _PageParser(url)
    parser.feed(response.content.decode())
    for link in parser.links:
        target = urljoin(url, link.split("#")[0])
        if target.startswith("/") and not target.startswith("//"):
            pages.append(target)
    for form in parser.forms:
        action_path = urlsplit(form.action).path
        if action_path.startswith(SKIPPED_PREFIXES) or _view_name(action_path) is None:
            continue
        if form.method == "get":
            walk.query_names.setdefault(action_path, set()).update(form.fields)
        # One form of each kind is enough: the same form of another provider or agent is the same code.
        key = (form.method, _view_name(action_path) or "", " ".join(sorted(form.fields)))
        if key not in walk.forms:
            walk.forms[key] = form
            forms.append(form)


def _send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    if method == "post":
        return client.post(url, data)
    return client.get(url, data)


def _variants(form: Form, *, known: list[str], attack: bool) -> list[dict[str, Any]]:
    """The form as the page has it, with each known value in each text field; to attack, with each field
    hostile in turn, then every field at once."""
    baseline = {name: values for name, values in form.fields.items() if values}
    variants: list[dict[str, Any]] = [baseline]
    texts = [name for name, values in form.fields.items() if values == [""]]
    variants += [{**baseline, name: value} for name in texts for value in known]
    if not attack:
        return variants
    for name in form.fields:
        variants += [{**baseline, name: value} for value in HOSTILE]
        variants.append({**baseline, name: [HUGE, "1", "1"]})  # repeated keys
    variants += [dict.fromkeys(form.fields, value) for value in HOSTILE + MORE_HOSTILE]
    if form.dates:
        variants.append({**baseline, **dict(zip(form.dates, YEAR_9999, strict=False))})
    return variants


def _starts(world: dict[str, Any]) -> list[str]:
    """Where each walk starts: the home pages, the map's search, one service of each kind, every URL
    that takes no argument."""
    provider, facility = world["provider"].provider, world["facility"]
    return [
        reverse("core:home"),
        reverse("core:dashboard"),
        f"{reverse('directory:search')}?q=H2X&radius=50",
        reverse("directory:provider", args=[provider.pk]),
        reverse("directory:facility", args=[facility.pk]),
        reverse("directory:summary", args=["rsge", provider.pk]),
        reverse("directory:summary", args=["installation", facility.pk]),
        *_argument_free_urls(),
    ]


@pytest.fixture
def world(demo_accounts):
    """The demo accounts, with what their pages list: children, choices, admissions, a delegation."""
    parent, provider_user = demo_accounts["parent"], demo_accounts["provider"]
    provider = provider_user.provider
    office = demo_accounts["office_agent"].office_agent.office
    family = FamilyFileFactory(parent=parent)
    GuardianFactory(family=family)
    child = ChildFactory(family=family, first_name="Léa")
    facility = FacilityFactory()
    ChoiceFactory(child=child, provider=provider)
    ChoiceFactory(child=child, facility=facility)
    # The parent's second child holds a place elsewhere: its page offers to withdraw the other choices.
    placed = ChildFactory(family=family, first_name="Noé")
    ChoiceFactory(child=placed, provider=provider)
    AdmissionFactory(child=placed, provider=ProviderFactory(office=office), status=Status.CONFIRMED)
    waiting = ChildFactory()
    ChoiceFactory(child=waiting, provider=provider)
    AdmissionFactory(child=ChildFactory(), provider=provider, status=Status.ADMITTED)
    AdmissionFactory(child=ChildFactory(), provider=provider, status=Status.CONFIRMED)
    # Service agreements in each state that opens a page or a form (agreements' pages are reached from them).
    for state in ("submitted", "returned", "recorded"):
        AgreementFactory(admission__provider=provider, admission__admitted_by=provider_user, status=state)
    # Attendance of Léa's brother Émile, attending since four periods: the last period to submit, one to
    # sign or contest, one to confirm or return (the sheets' pages and forms are reached from them).
    last = period_of(timezone.localdate()).previous()
    attending = RecordedAgreementFactory(
        admission__child=ChildFactory(family=family, first_name="Émile"),
        admission__provider=provider,
        admission__admitted_by=provider_user,
        admission__planned_start_date=last.previous().previous().previous().start,
    )
    for period, state in [
        (last, "draft"),
        (last.previous(), "submitted"),
        (last.previous().previous(), "signed"),
    ]:
        SheetFactory(
            agreement=attending,
            period_start=period.start,
            days="PPPPP--" * 4,
            status=state,
            contribution_paid=Decimal("187.00"),
            signed_on=timezone.localdate() if state == "signed" else None,
            signed_by=parent if state == "signed" else None,
        )
    Delegation.objects.create(provider=provider, is_active=True)
    # A conversation with a file: its page, its answer form and its download are walked too.
    start_thread(
        provider=provider,
        subject="Visite",
        body="Bonjour",
        by=demo_accounts["office_agent"],
        attachments=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")],
    )
    ProviderFactory(office=office, email="pas-encore@example.test")
    # The office's management software: « Logiciels de gestion » lists it, with its two forms.
    register_client(
        by=demo_accounts["office_agent"], name="Gestion", vendor="Éditeur", scopes=["admissions:read"]
    )
    ProviderFactory(
        office=office,
        status=RecognitionStatus.SUSPENDED,
        suspension_start=timezone.localdate() - timedelta(days=10),
        suspension_planned_return=timezone.localdate() + timedelta(days=20),
    )
    return {
        **demo_accounts,
        "facility": facility,
        "known": [waiting.registration_number, child.registration_number],
    }


ROLES = ["parent", "provider", "office_agent", "ministry"]


@pytest.mark.parametrize("role", ROLES)
def test_no_form_of_a_signed_in_page_answers_5xx_to_hostile_values(world, role):
    client = Client(raise_request_exception=False)
    user = world[role]
    client.force_login(user)

    walk = _explore(
        client, _starts(world), known=world["known"], attack=True, sign_in=lambda: client.force_login(user)
    )

    assert walk.forms, "the walk found no form"
    assert walk.failures == []


def test_no_get_parameter_of_the_public_pages_answers_5xx(world):
    client = Client(raise_request_exception=False)
    walk = _explore(client, _starts(world), known=[], attack=False)
    search_fields = set(SearchForm.base_fields) | {"page"}
    for name in ["directory:points", "directory:search", "core:home"]:
        walk.query_names.setdefault(reverse(name), set()).update(search_fields)
    walk.query_names.setdefault(reverse("directory:suggestions"), set()).add("q")

    for path, names in walk.query_names.items():
        if path.startswith(SKIPPED_PREFIXES):
            continue
        for name in names:
            for value in [*HOSTILE, *MORE_HOSTILE, [HUGE, "1", ""]]:
                if client.get(path, {"q": "H2X", name: value}).status_code >= 500:
                    walk.failures.append((path, name, str(value)[:20]))
        for value in HOSTILE + MORE_HOSTILE:
            if client.get(path, dict.fromkeys(names, value)).status_code >= 500:
                walk.failures.append((path, "*", value[:20]))

    assert walk.failures == []


def test_the_walk_reaches_every_url_pattern_of_the_portal(world):
    """Every page of the URLconf is walked by one role or another: a new page cannot escape the test."""
    reached: set[str] = set()
    for role in [*ROLES, None]:
        client = Client(raise_request_exception=False)
        if role is not None:
            client.force_login(world[role])
        walk = _explore(client, _starts(world), known=world["known"], attack=False)
        reached |= set(walk.pages.values())
        reached |= {view for _method, view, _fields in walk.forms}

    assert _pattern_names() - reached - set(NOT_WALKED) == set()


@pytest.mark.parametrize(
    "path",
    [
        f"/carte/rsge/{HUGE}/",
        f"/carte/installation/{HUGE}/",
        f"/carte/resume/rsge/{HUGE}/",
        f"/carte/resume/installation/{HUGE}/",
        "/carte/rsge/2147483648/",
    ],
)
def test_a_public_page_with_a_huge_id_in_its_path_is_a_404(client, path):
    assert Client(raise_request_exception=False).get(path).status_code == 404


def test_a_suspension_in_year_9999_is_refused_in_french(client, world):
    agent = world["office_agent"]
    provider = world["provider"].provider
    client.force_login(agent)

    response = client.post(
        reverse("registry:provider_edit", args=[provider.pk]),
        {
            "email": provider.email,
            "phone": provider.phone,
            "capacity": 6,
            "subsidized_places": 0,
            "status": RecognitionStatus.SUSPENDED,
            "suspension_start": "9999-12-30",
            "suspension_planned_return": "9999-12-31",
            "reason": "Essai",
        },
    )

    assert response.status_code == 200
    assert "Entrez une date entre 1900 et 2100." in response.content.decode()


def test_a_huge_child_id_on_add_to_my_choices_is_refused(client, world):
    provider = world["provider"].provider
    client.force_login(world["parent"])

    response = client.post(reverse("families:choose", args=["rsge", provider.pk]), {"children": [HUGE]})

    assert response.status_code == 200
    assert response.context["form"].errors["children"]


def test_head_answers_wherever_get_does(client, world):
    assert client.head(reverse("core:home")).status_code == 200
    assert client.head(reverse("directory:search")).status_code == 200
    client.force_login(world["office_agent"])
    assert client.head(reverse("onboarding:reminder_template")).status_code == 200
    assert client.head(reverse("registry:providers")).status_code == 200
