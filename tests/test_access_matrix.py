"""Who gets what, on every route of the URLconf, by every method it accepts: the role × URL × method matrix.

`EXPECTED` has one entry per route (its name, namespaced, or its path when it has none), generated against
the URL resolver: a route missing from it, or an entry naming a route that is gone, fails
`test_every_route_has_an_entry` / `test_every_entry_names_a_route`. Each entry declares the methods the
route answers (any other answers 405) and, for each method, who is let in.

The answers:
- let in: 200, or the status the entry says (302 for a POST that redirects once done);
- anonymous on a private page: 302 to the sign-in page;
- signed in with another role: 403, the French page « Accès refusé »;
- the right role, but the object is outside the user's scope (another family's child, another office's
  admission): 404;
- anything else (allauth's redirects, the sign-in page of a signed-in user) is said in the entry.
Every POST that is not let in must leave everything as it was: the portal's tables are compared, row by
row, before and after; no task is queued and no e-mail sent.

The world (tests/matrix.py) is the demo's: Léa, the demo parent's child, is in the reserve of the demo
provider (rsge@, whose delegation to its office is on and whose profile is published) and of a revoked
provider, and admitted at the demo provider, awaiting its office's confirmation (bc@). It is built once for
the module and each test rolls back to it. The revoked provider's rows fail until item 2 of #11 lands
(`xfail(strict=True)`: they turn into failures the day they pass, and their mark goes).

The Django admin: every `/admin/` route is for ministry staff only; a signed-in user of another role is
sent to the admin's sign-in page, a visitor to a sign-in page (`test_the_admin_is_closed_to_everyone_else`,
over every admin route the resolver lists, so its routes need no entry). A few representative admin routes
are in `EXPECTED` for the ministry's own answer; what ministry staff may do inside the admin is
tests/accounts/test_admin.py's matter.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portail.admissions.models import Status
from portail.attendance.periods import reference_year_of
from portail.demo.accounts import DEMO_PASSWORD
from tests.admissions.factories import AdmissionFactory
from tests.matrix import (
    ACTORS,
    Route,
    UnknownParameter,
    World,
    build_world,
    kwargs_for,
    routes,
    sample_path,
    snapshot,
)

SIGNED_IN = frozenset(ACTORS) - {"anonymous"}
EVERYONE = frozenset(ACTORS)
PARENTS = frozenset({"parent", "other_parent"})
PROVIDERS = frozenset({"provider", "revoked_provider"})
AGENTS = frozenset({"office_agent", "other_office_agent"})


@dataclass(frozen=True)
class Answer:
    """What a response must be: its status, where it redirects to (a prefix), what it says."""

    status: int | frozenset[int]
    to: str | tuple[str, ...] = ""
    says: str = ""

    def check(self, response: Any, method: str, where: str = "") -> None:
        statuses = {self.status} if isinstance(self.status, int) else self.status
        assert response.status_code in statuses, (where, response)
        if self.to:
            assert response["Location"].startswith(self.to), (where, response["Location"])
        if self.says and method != "HEAD":
            assert self.says in response.content.decode(), where


def redirect(to: str) -> Answer:
    return Answer(302, to=to)


LOGIN = Answer(302, to="/comptes/login/?next=")
DENIED = Answer(403, says="Accès refusé")
NOT_FOUND = Answer(404)
REFUSED = Answer(frozenset({403, 404}))  # a provider whose recognition is not in force, on children's files


@dataclass(frozen=True)
class Access:
    """Who one method of a route lets in, and what everyone else gets.

    `allowed` get `ok`; `not_found` get 404; `answers` say anything else, actor by actor; the rest get
    LOGIN (anonymous) or DENIED. `xfail` marks rows that fail today, with why."""

    allowed: frozenset[str] = frozenset()
    ok: Answer = Answer(200)
    not_found: frozenset[str] = frozenset()
    answers: dict[str, Answer] = field(default_factory=dict)
    xfail: dict[str, str] = field(default_factory=dict)

    def answer_for(self, actor: str) -> Answer:
        if actor in self.answers:
            return self.answers[actor]
        if actor in self.allowed:
            return self.ok
        if actor in self.not_found:
            return NOT_FOUND
        return LOGIN if actor == "anonymous" else DENIED


def only(
    *actors: str | frozenset[str],
    ok: int | Answer = 200,
    not_found: tuple[str, ...] = (),
    answers: dict[str, Answer] | None = None,
    xfail: dict[str, str] | None = None,
) -> Access:
    allowed: set[str] = set()
    for actor in actors:
        allowed |= {actor} if isinstance(actor, str) else actor
    return Access(
        allowed=frozenset(allowed),
        ok=ok if isinstance(ok, Answer) else Answer(ok),
        not_found=frozenset(not_found),
        answers=answers or {},
        xfail=xfail or {},
    )


def public(ok: int | Answer = 200) -> Access:
    return only(EVERYONE, ok=ok)


@dataclass(frozen=True)
class Entry:
    """A route's methods and who each lets in. HEAD answers like GET (without a body) wherever GET is
    declared (#12: HEAD works wherever GET does); `head=False` says a route refuses it.

    `pk` says which object the route's `pk` names (tests/matrix.py's OBJECTS); `kwargs` gives a URL
    parameter outright; `query` is appended to the URL; `body` is what every actor POSTs."""

    GET: Access | None = None
    POST: Access | None = None
    head: bool = True
    pk: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: str = ""
    body: Any = None  # a dict, or a function of the world giving one
    not_allowed: dict[str, str] = field(default_factory=dict)  # an undeclared method that does not 405 yet

    @property
    def methods(self) -> dict[str, Access]:
        declared = {"GET": self.GET, "HEAD": self.GET if self.head else None, "POST": self.POST}
        return {method: access for method, access in declared.items() if access is not None}


def home(name: str) -> Answer:
    return redirect(reverse(name))


DASHBOARD = redirect("/tableau-de-bord/")
ADMIN_LOGIN = Answer(302, to="/admin/login/?next=")
# A visitor is sent to a sign-in page: the admin's own pages send it to the admin's, the model pages go
# through the portal's LoginRequiredMiddleware first (their views are not marked login_not_required).
ADMIN_VISITOR = Answer(302, to=("/admin/login/?next=", "/comptes/login/?next="))
NOT_STAFF = {"anonymous": ADMIN_VISITOR, **dict.fromkeys(SIGNED_IN - {"ministry"}, ADMIN_LOGIN)}
NOT_THEIR_ADMISSION = ("other_parent", "revoked_provider", "other_office_agent", "ministry")
# Staff pages of an admission's agreement: a parent or ministry staff is refused by role (403).
NOT_THEIR_AGREEMENT = ("revoked_provider", "other_office_agent")

EXPECTED: dict[str, Entry] = {
    # core
    "core:home": Entry(GET=public()),
    # The load balancer's probe: public, no personal data.
    "core:health": Entry(GET=public()),
    "core:help": Entry(GET=public()),
    # Browsers ask for it on pages that name no icon (the admin's): a redirect to the static icon.
    "core:favicon": Entry(GET=public(ok=Answer(302, to="/static/favicon"))),
    "core:dashboard": Entry(
        GET=only(
            answers={
                "parent": home("families:home"),
                "other_parent": home("families:home"),
                "provider": home("core:provider_home"),
                "revoked_provider": home("core:provider_home"),
                "office_agent": home("core:office_home"),
                "other_office_agent": home("core:office_home"),
                "ministry": home("admin:index"),
            }
        )
    ),
    "core:provider_home": Entry(GET=only(PROVIDERS)),
    "core:office_home": Entry(GET=only(AGENTS)),
    # registry: an office's register and agents, each office its own
    "registry:providers": Entry(GET=only(AGENTS)),
    "registry:provider": Entry(GET=only("office_agent", not_found=("other_office_agent",)), pk="provider"),
    "registry:provider_edit": Entry(
        GET=only("office_agent", not_found=("other_office_agent",)),
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)),
        pk="provider",
        # Léa, Noé, Jade and Zoé hold a place at the demo provider: a capacity of 4 keeps them.
        body={"capacity": "4", "subsidized_places": "0", "status": "recognized", "reason": "Essai"},
    ),
    "registry:agents": Entry(GET=only(AGENTS)),
    "registry:agent_add": Entry(
        GET=only(AGENTS),
        POST=only(AGENTS, ok=302),
        body={"email": "nouvel-agent@example.test", "first_name": "Léo", "last_name": "Roy", "role": "agent"},
    ),
    "registry:agent_edit": Entry(
        GET=only("office_agent", not_found=("other_office_agent",)),
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)),
        pk="agent",
        body={"role": "admin", "is_active": "on"},
    ),
    # directory: the public map
    "directory:search": Entry(GET=public(), query="?q=H2X&radius=5"),  # a search, with its list
    "directory:points": Entry(GET=public(), query="?q=H2X"),
    "directory:suggestions": Entry(GET=public(), query="?q=mont"),
    "directory:summary": Entry(GET=public(), pk="provider"),
    "directory:provider": Entry(GET=public(), pk="provider"),
    "directory:facility": Entry(GET=public(), pk="facility"),
    # onboarding
    "onboarding:tracking": Entry(GET=only(AGENTS)),
    "onboarding:export": Entry(GET=only(AGENTS)),
    "onboarding:remind": Entry(
        # Another office's agent may post, but its office's list ignores the demo's provider: nothing sent.
        POST=only("office_agent", ok=302, answers={"other_office_agent": redirect("/bureau/adhesion/")}),
        body=lambda world: {"providers": [world.provider.pk]},
    ),
    "onboarding:reminder_template": Entry(
        GET=only(AGENTS),
        POST=only(AGENTS, ok=302),
        body={"subject": "Rappel", "body": "Bonjour, joignez-vous au portail."},
    ),
    "onboarding:claim_code": Entry(
        GET=only("office_agent", not_found=("other_office_agent",)),
        # The demo's provider has joined: no code is issued, the page says so.
        POST=only("office_agent", not_found=("other_office_agent",)),
    ),
    "onboarding:claim": Entry(
        GET=only(PARENTS),
        POST=only(PARENTS),  # a wrong code: the form says so
        body={"register_number": "RSGE-999999", "code": "ABCD-EFGH"},
    ),
    # profiles: the provider's own profile
    "profiles:edit": Entry(GET=only(PROVIDERS), POST=only(PROVIDERS)),  # an empty form: its errors
    "profiles:preview": Entry(GET=only(PROVIDERS)),
    "profiles:publish": Entry(POST=only(PROVIDERS, ok=302)),
    "profiles:unpublish": Entry(POST=only(PROVIDERS, ok=302)),
    # families: a parent's own family file
    "families:home": Entry(GET=only(PARENTS)),
    "families:guardians": Entry(GET=only(PARENTS), POST=only(PARENTS)),  # an empty form: its errors
    "families:register": Entry(GET=only(PARENTS), POST=only(PARENTS)),  # an empty form: its errors
    "families:child": Entry(GET=only("parent", not_found=("other_parent",))),
    "families:confirmation": Entry(GET=only("parent", not_found=("other_parent",))),
    # POST: an empty form, its errors
    "families:wishes": Entry(
        GET=only("parent", not_found=("other_parent",)), POST=only("parent", not_found=("other_parent",))
    ),
    "families:withdraw_choice": Entry(POST=only("parent", ok=302, not_found=("other_parent",))),
    "families:withdraw_other_choices": Entry(POST=only("parent", ok=302, not_found=("other_parent",))),
    "families:choose": Entry(
        GET=only(PARENTS), POST=only(PARENTS), pk="provider"
    ),  # POST: no child ticked, the form says so
    # waitlist: the provider's reserve, for a recognized provider only
    "waitlist:reserve": Entry(
        GET=only("provider", answers={"revoked_provider": REFUSED}),
        head=True,
    ),
    "waitlist:child": Entry(
        GET=only("provider", answers={"revoked_provider": REFUSED}),
        head=True,
    ),
    # The office reads a delegating provider's reserve (the provider may use its own id).
    "waitlist:reserve_for": Entry(
        GET=only("office_agent", "provider", not_found=("other_office_agent", "revoked_provider")),
        head=True,
    ),
    "waitlist:child_for": Entry(
        GET=only("office_agent", "provider", not_found=("other_office_agent", "revoked_provider")),
        head=True,
    ),
    # admissions
    "admissions:lookup": Entry(
        GET=only("provider", answers={"revoked_provider": REFUSED}),
        POST=only(
            "provider",
            ok=302,
            answers={"revoked_provider": REFUSED},
        ),
        body=lambda world: {"number": world.child.display_number},
    ),
    "admissions:admit": Entry(
        GET=only("provider", answers={"revoked_provider": REFUSED}),
        # Léa already holds a place at the provider: the form says so.
        POST=only("provider", answers={"revoked_provider": REFUSED}),
        body={"start_date": "2099-01-04"},
    ),
    "admissions:delegation": Entry(POST=only(PROVIDERS, ok=302), body={"active": "on"}),
    "admissions:cancel": Entry(
        POST=only("provider", ok=302, not_found=("revoked_provider",)),
        pk="admission",
        body={"reason": "La famille déménage"},
    ),
    "admissions:detail": Entry(
        GET=only("parent", "provider", "office_agent", not_found=NOT_THEIR_ADMISSION),
        head=True,
        pk="admission",
    ),
    "admissions:confirmations": Entry(GET=only(AGENTS)),
    # Both agents administer their office: each reads its own agents' reads.
    "admissions:file_reads": Entry(GET=only(AGENTS)),
    "admissions:confirm": Entry(
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)), pk="admission"
    ),
    "admissions:refuse": Entry(
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)),
        pk="admission",
        body={"reason": "Dossier incomplet"},
    ),
    # The office acting for a provider (its delegation on); the provider itself may use its own id.
    "admissions:lookup_for": Entry(
        GET=only("office_agent", "provider", not_found=("other_office_agent", "revoked_provider")),
        POST=only("office_agent", "provider", ok=302, not_found=("other_office_agent", "revoked_provider")),
        body=lambda world: {"number": world.child.display_number},
    ),
    "admissions:admit_for": Entry(
        GET=only("office_agent", "provider", not_found=("other_office_agent", "revoked_provider")),
        POST=only("office_agent", "provider", not_found=("other_office_agent", "revoked_provider")),
        body={"start_date": "2099-01-04"},
    ),
    # messaging: an office's side and its provider's side of a conversation, each its own
    "messaging:inbox": Entry(GET=only(PROVIDERS, AGENTS), head=True),
    "messaging:write": Entry(
        GET=only(PROVIDERS, AGENTS),
        head=True,
        # bc@ writes to its office's providers, a provider to its office; the other office has no provider
        # to write to: the form says so, nothing is saved.
        POST=only(PROVIDERS, "office_agent", ok=302, answers={"other_office_agent": Answer(400)}),
        body={"subject": "Information", "body": "Bonjour à toutes et à tous."},
    ),
    "messaging:thread": Entry(
        GET=only("office_agent", "provider", not_found=("other_office_agent", "revoked_provider")),
        head=True,
        POST=only("office_agent", "provider", ok=302, not_found=("other_office_agent", "revoked_provider")),
        pk="thread",
        body={"body": "Merci, à mardi."},
    ),
    "messaging:archive": Entry(
        POST=only("office_agent", "provider", ok=302, not_found=("other_office_agent", "revoked_provider")),
        pk="thread",
        body={"archived": "1"},
    ),
    "messaging:attachment": Entry(
        GET=only("office_agent", "provider", not_found=("other_office_agent", "revoked_provider")),
        head=True,
        pk="attachment",
    ),
    "messaging:notices": Entry(POST=only(PROVIDERS, ok=302), body={"emails": "on"}),
    # agreements: Noé's agreement is submitted (not yet recorded: it cannot be corrected, changed or ended);
    # Jade's confirmed admission has none yet.
    "agreements:provider_children": Entry(GET=only(PROVIDERS)),
    "agreements:conclude": Entry(
        GET=only("provider", "office_agent", not_found=NOT_THEIR_AGREEMENT),
        POST=only("provider", "office_agent", ok=302, not_found=NOT_THEIR_AGREEMENT),
        body=lambda world: {
            "effective_from": world.to_conclude.planned_start_date.isoformat(),
            "basis": "full_day",
            "days": ["1", "2"],
            "arrival": "08:00",
            "departure": "16:00",
            "signed_on": timezone.localdate().isoformat(),
        },
    ),
    "agreements:detail": Entry(
        GET=only("parent", "provider", "office_agent", not_found=NOT_THEIR_ADMISSION), pk="agreement"
    ),
    "agreements:revise": Entry(
        GET=only(not_found=NOT_THEIR_ADMISSION), POST=only(not_found=NOT_THEIR_ADMISSION), pk="agreement"
    ),
    "agreements:new_version": Entry(
        GET=only(not_found=NOT_THEIR_ADMISSION), POST=only(not_found=NOT_THEIR_ADMISSION), pk="agreement"
    ),
    # The world's agreement is submitted, not recorded yet: its parent, provider and office may end it (#13).
    "agreements:end": Entry(
        GET=only("parent", "provider", "office_agent", not_found=NOT_THEIR_ADMISSION),
        POST=only("parent", "provider", "office_agent", ok=302, not_found=NOT_THEIR_ADMISSION),
        pk="agreement",
        body=lambda world: {
            "end_date": (world.confirmed.planned_start_date + timedelta(days=30)).isoformat(),
            "reason": "parent",
        },
    ),
    "agreements:record": Entry(
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)), pk="agreement"
    ),
    "agreements:send_back": Entry(
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)),
        pk="agreement",
        body={"reason": "Heures à corriger"},
    ),
    "agreements:eligibility": Entry(
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)),
        pk="agreement",
        body={"eligibility": "eligible"},
    ),
    "agreements:office_children": Entry(GET=only(AGENTS)),
    "agreements:queue": Entry(GET=only(AGENTS)),
    "agreements:export": Entry(GET=only(AGENTS)),
    # « Logiciels de gestion »: both agents administer their office; bc@'s software is the world's.
    "software:list": Entry(GET=only(AGENTS)),
    "software:add": Entry(
        GET=only(AGENTS),
        POST=only(AGENTS),  # shows the new secret once
        body={"name": "Gestion", "vendor": "Éditeur", "scopes": ["admissions:read"]},
    ),
    "software:rotate": Entry(POST=only("office_agent", not_found=("other_office_agent",)), pk="api_client"),
    "software:revoke": Entry(
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)), pk="api_client"
    ),
    # attendance: Zoé's agreement is recorded; her last period's sheet is submitted, for the parent to sign.
    "attendance:today": Entry(GET=only("provider")),
    "attendance:mark": Entry(
        POST=only("provider", ok=302, not_found=("revoked_provider",)),
        body=lambda world: {
            "agreement": world.kept.pk,
            "day": timezone.localdate().isoformat(),
            "state": "P",
        },
    ),
    "attendance:closure": Entry(
        POST=only("provider", ok=302),
        body=lambda world: {"day": (timezone.localdate() + timedelta(days=30)).isoformat()},
    ),
    "attendance:grid": Entry(GET=only("provider")),
    # Its office's agent too, while the provider delegates to it (the world's provider does).
    "attendance:edit": Entry(
        GET=only("provider", "office_agent", not_found=NOT_THEIR_AGREEMENT),
        POST=only("provider", "office_agent", ok=302, not_found=NOT_THEIR_AGREEMENT),
        pk="kept_agreement",
        body={"contribution_paid": "12.00"},
    ),
    "attendance:sheet": Entry(
        GET=only("parent", "provider", "office_agent", not_found=NOT_THEIR_ADMISSION), pk="sheet"
    ),
    "attendance:submit": Entry(
        POST=only("provider", "office_agent", ok=302, not_found=("revoked_provider", "other_office_agent")),
        pk="sheet",
    ),
    "attendance:sign": Entry(
        POST=only("parent", ok=302, not_found=("other_parent",)), pk="sheet", body={"checked": "1"}
    ),
    "attendance:contest": Entry(
        POST=only("parent", ok=302, not_found=("other_parent",)),
        pk="sheet",
        body={"comment": "Absente le lundi"},
    ),
    "attendance:agreement_sheets": Entry(
        GET=only("parent", "provider", "office_agent", not_found=NOT_THEIR_ADMISSION), pk="kept_agreement"
    ),
    "attendance:queue": Entry(GET=only(AGENTS)),
    "attendance:confirm": Entry(
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)),
        body=lambda world: {"sheets": [world.sheet.pk]},
    ),
    "attendance:send_back": Entry(
        POST=only("office_agent", ok=302, not_found=("other_office_agent",)),
        pk="sheet",
        body={"reason": "Montant à vérifier"},
    ),
    # attendance's reports: Zoé's recorded agreement has an attestation; the office's totals and their CSV
    "attendance_reports:attestation": Entry(
        GET=only("parent", "provider", "office_agent", not_found=NOT_THEIR_ADMISSION), pk="attested"
    ),
    "attendance_reports:attestation_pdf": Entry(
        GET=only("parent", "provider", "office_agent", not_found=NOT_THEIR_ADMISSION), pk="attested"
    ),
    "attendance_reports:attestation_send": Entry(
        POST=only("parent", "provider", "office_agent", ok=302, not_found=NOT_THEIR_ADMISSION),
        pk="attested",
        body=lambda world: {"annee": str(reference_year_of(timezone.localdate()).first_year)},
    ),
    "attendance_reports:totals": Entry(GET=only(AGENTS)),
    "attendance_reports:totals_export": Entry(GET=only(AGENTS)),
    # allauth, under /comptes/
    "account_login": Entry(
        GET=only("anonymous", answers=dict.fromkeys(SIGNED_IN, DASHBOARD)),
        head=True,
        POST=only("anonymous", ok=DASHBOARD, answers=dict.fromkeys(SIGNED_IN, DASHBOARD)),
        body={"login": "parent@demo.test", "password": DEMO_PASSWORD},
    ),
    "account_logout": Entry(
        GET=only(SIGNED_IN, answers={"anonymous": redirect("/")}),
        head=True,
        POST=only(EVERYONE, ok=redirect("/")),
    ),
    "account_inactive": Entry(GET=public()),
    "account_signup": Entry(
        GET=only("anonymous", answers=dict.fromkeys(SIGNED_IN, DASHBOARD)),
        head=True,
        POST=only("anonymous", answers=dict.fromkeys(SIGNED_IN, DASHBOARD)),  # an empty form: its errors
    ),
    "account_reauthenticate": Entry(GET=only(SIGNED_IN), POST=only(SIGNED_IN)),
    "account_request_reauthentication_code": Entry(
        GET=only(SIGNED_IN, ok=redirect("/comptes/reauthenticate/")),
        head=True,
        POST=only(SIGNED_IN, ok=redirect("/comptes/reauthenticate/")),
    ),
    "account_confirm_reauthentication_code": Entry(
        GET=only(SIGNED_IN, ok=redirect("/comptes/reauthenticate/code/")),
        head=True,
        POST=only(SIGNED_IN, ok=redirect("/comptes/reauthenticate/code/")),
    ),
    "account_email": Entry(GET=only(SIGNED_IN), POST=only(SIGNED_IN, ok=redirect("/comptes/email/"))),
    "account_email_verification_sent": Entry(GET=public()),
    "account_change_password": Entry(GET=only(SIGNED_IN), POST=only(SIGNED_IN)),
    "account_set_password": Entry(
        GET=only(SIGNED_IN, ok=redirect("/comptes/password/change/")),
        head=True,
        POST=only(SIGNED_IN, ok=redirect("/comptes/password/change/")),
    ),
    "account_reset_password": Entry(GET=public(), POST=public()),  # an empty form: its errors
    "account_confirm_login_code": Entry(
        GET=only(answers={"anonymous": redirect("/comptes/login/"), **dict.fromkeys(SIGNED_IN, DASHBOARD)}),
        head=True,
        POST=only(answers={"anonymous": redirect("/comptes/login/"), **dict.fromkeys(SIGNED_IN, DASHBOARD)}),
    ),
    # A key that matches nothing: the page says the link is not valid; confirming it finds nothing.
    "account_confirm_email": Entry(GET=public(), POST=public(ok=404)),
    "account_reset_password_from_key_done": Entry(GET=public()),
    "account_reset_password_from_key": Entry(GET=public(), POST=public()),
    "account_reset_password_done": Entry(GET=public()),
    "socialaccount_login_cancelled": Entry(GET=public()),
    # allauth answers a signed-in user 401 here; a visitor is sent to sign in first.
    "socialaccount_login_error": Entry(GET=only(SIGNED_IN, ok=401)),
    "socialaccount_signup": Entry(
        GET=only(answers=dict.fromkeys(EVERYONE, redirect("/comptes/login/"))),
        head=True,
        POST=only(answers=dict.fromkeys(EVERYONE, redirect("/comptes/login/"))),
    ),
    "socialaccount_connections": Entry(GET=only(SIGNED_IN), POST=only(SIGNED_IN)),
    # allauth's old addresses, kept as permanent redirects to the new ones.
    "/comptes/social/login/cancelled/": Entry(
        GET=only(SIGNED_IN, ok=Answer(301, to="/comptes/3rdparty/login/cancelled/")),
        head=True,
        POST=only(SIGNED_IN, ok=Answer(301, to="/comptes/3rdparty/login/cancelled/")),
    ),
    "/comptes/social/login/error/": Entry(
        GET=only(SIGNED_IN, ok=Answer(301, to="/comptes/3rdparty/login/error/")),
        head=True,
        POST=only(SIGNED_IN, ok=Answer(301, to="/comptes/3rdparty/login/error/")),
    ),
    "/comptes/social/signup/": Entry(
        GET=only(SIGNED_IN, ok=Answer(301, to="/comptes/3rdparty/signup/")),
        head=True,
        POST=only(SIGNED_IN, ok=Answer(301, to="/comptes/3rdparty/signup/")),
    ),
    "/comptes/social/connections/": Entry(
        GET=only(SIGNED_IN, ok=Answer(301, to="/comptes/3rdparty/")),
        head=True,
        POST=only(SIGNED_IN, ok=Answer(301, to="/comptes/3rdparty/")),
    ),
    # The government logins: no OpenID Connect provider is configured in the tests, so none is found.
    "openid_connect_login": Entry(GET=public(ok=404), POST=public(ok=404), kwargs={"provider_id": "sag"}),
    "openid_connect_callback": Entry(GET=public(ok=404), POST=public(ok=404), kwargs={"provider_id": "sag"}),
    "set_language": Entry(
        GET=public(ok=redirect("/")), POST=public(ok=redirect("/")), body={"language": "fr"}
    ),
    # The Django admin: a few representative routes (every other one: test_the_admin_is_closed_…).
    "admin:index": Entry(GET=only("ministry", answers=NOT_STAFF)),
    # Django redirects a signed-in staff member only on GET; its HEAD answers the form page.
    "admin:login": Entry(GET=only(EVERYONE, answers={"ministry": redirect("/admin/")}), head=False),
    "admin:registry_coordinatingoffice_changelist": Entry(GET=only("ministry", answers=NOT_STAFF)),
    "admin:registry_territory_changelist": Entry(GET=only("ministry", answers=NOT_STAFF)),
}

ROUTES = {route.key: route for route in routes()}


def _cases() -> list[Any]:
    cases = []
    for key, entry in EXPECTED.items():
        for method, access in entry.methods.items():
            for actor in ACTORS:
                marks = []
                if actor in access.xfail:
                    marks.append(pytest.mark.xfail(strict=True, reason=access.xfail[actor]))
                cases.append(pytest.param(key, method, actor, id=f"{key}-{method}-{actor}", marks=marks))
    return cases


@pytest.fixture(scope="module")
def _world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module inside a transaction that each test's own (a savepoint, the
    `db` fixture's) rolls back to, as Django's TestCase.setUpTestData does; rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_world: World, db: None) -> World:
    return _world


def _url(key: str, world: World) -> str:
    entry = EXPECTED[key]
    route = ROUTES[key]
    return route.url(kwargs_for(route, world, pk=entry.pk, **entry.kwargs)) + entry.query


def _request(client: Any, world: World, key: str, method: str, actor: str) -> Any:
    entry = EXPECTED[key]
    user = world.users[actor]
    if user is not None:
        client.force_login(user)
    url = _url(key, world)
    if method == "POST":
        body = entry.body(world) if callable(entry.body) else (entry.body or {})
        return client.post(url, body)
    return client.generic(method, url)


@pytest.mark.parametrize(("key", "method", "actor"), _cases())
def test_each_actor_gets_its_answer(
    client, world, key, method, actor, mailoutbox, django_capture_on_commit_callbacks
):
    access = EXPECTED[key].methods[method]
    refused_post = method == "POST" and actor not in access.allowed
    before = snapshot() if refused_post else None

    with django_capture_on_commit_callbacks(execute=True) as after_commit:
        response = _request(client, world, key, method, actor)

    access.answer_for(actor).check(response, method)
    if refused_post:
        assert snapshot() == before, "a refused POST changed the data"
        assert after_commit == [], "a refused POST queued a task"
        assert mailoutbox == [], "a refused POST sent an e-mail"


def _not_allowed_cases() -> list[Any]:
    cases = []
    for key, entry in EXPECTED.items():
        if key.startswith("admin:"):
            continue  # the admin's own views answer every method; test_the_admin_is_closed_… covers them
        for method in ["GET", "HEAD", "POST"]:
            if method in entry.methods:
                continue
            marks = []
            if method in entry.not_allowed:
                marks.append(pytest.mark.xfail(strict=True, reason=entry.not_allowed[method]))
            cases.append(pytest.param(key, method, id=f"{key}-{method}", marks=marks))
    return cases


@pytest.mark.parametrize(("key", "method"), _not_allowed_cases())
def test_an_undeclared_method_answers_405(client, world, key, method):
    """Asked by someone the route lets in, so that the answer is the view's, not the door's."""
    entry = EXPECTED[key]
    let_in = [actor for access in entry.methods.values() for actor in ACTORS if actor in access.allowed]
    actor = let_in[0] if let_in else "parent"
    before = snapshot()

    response = _request(client, world, key, method, actor)

    assert response.status_code == 405, response
    assert snapshot() == before


# The Django admin.


@pytest.mark.parametrize("actor", [actor for actor in ACTORS if actor != "ministry"])
def test_the_admin_is_closed_to_everyone_else(client, world, actor):
    """Every admin route the resolver lists (its sign-in page aside) sends them to the admin's sign-in."""
    if world.users[actor] is not None:
        client.force_login(world.users[actor])
    admin_routes = [route for route in ROUTES.values() if route.is_admin and route.key != "admin:login"]

    for route in admin_routes:
        url = "/" + sample_path(route.path)
        # Signing out of an admin one is not signed in to: back to the admin's index, then its sign-in.
        answer = (
            redirect("/admin/") if route.key == "admin:logout" and actor != "anonymous" else NOT_STAFF[actor]
        )
        answer.check(client.get(url), "GET", where=f"{route.key}: {url}")
    assert len(admin_routes) > 20


# The API: its operations have their own matrix, generated from the served schema (tests/api/
# test_permission_matrix.py); here, the rule of every /api/v1/ route for the screens' actors: a session is
# no credential there. Each gets the API's 401 problem (no sign-in page, no 403 page), or, on the token,
# schema and documentation doors, what a visitor gets.


API_PUBLIC = {"api:token": 400, "api:schema": 200, "api:docs": 200, "api:unknown": 404}


@pytest.mark.parametrize("actor", ACTORS)
def test_a_session_opens_no_door_of_the_api(client, world, actor):
    if world.users[actor] is not None:
        client.force_login(world.users[actor])
    api_routes = [route for route in ROUTES.values() if route.is_api]
    before = snapshot()

    for route in api_routes:
        url = route.url(kwargs_for(route, world, pk="admission", rest="inconnue/"))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            where = f"{route.key} {method.upper()} {url}"
            if route.key in API_PUBLIC:
                assert response.status_code in (API_PUBLIC[route.key], 405), where
            else:
                assert response.status_code in (401, 405), where
                assert response["Content-Type"] == "application/problem+json", where
    assert len(api_routes) > 15
    assert snapshot() == before


# The table and the URLconf.


def test_every_route_has_an_entry():
    missing = [
        f"{key} (/{route.path})"
        for key, route in ROUTES.items()
        if key not in EXPECTED and not route.is_admin and not route.is_api
    ]

    assert not missing, "routes without an entry in EXPECTED (tests/test_access_matrix.py): " + ", ".join(
        missing
    )


def test_every_entry_names_a_route():
    gone = [key for key in EXPECTED if key not in ROUTES]

    assert not gone, "entries of EXPECTED naming no route of the URLconf: " + ", ".join(gone)


def test_every_entry_declares_a_method():
    assert [key for key, entry in EXPECTED.items() if not entry.methods] == []


def test_an_unknown_url_parameter_names_itself(world):
    renamed = Route(key="families:child", name=None, path="parent/enfants/<uuid:zzz>/", parameters=("zzz",))
    unnamed_pk = Route(key="x:detail", name=None, path="x/<int:pk>/", parameters=("pk",))

    with pytest.raises(UnknownParameter, match="families:child: no value for the URL parameter `zzz`"):
        kwargs_for(renamed, world)
    with pytest.raises(UnknownParameter, match="x:detail: say which object its `pk` names"):
        kwargs_for(unnamed_pk, world)


# A revoked provider reads no child's file, not even those it admitted (a suspended one keeps those:
# tests/admissions/test_least_privilege.py).


def test_a_revoked_provider_no_longer_reads_its_own_admitted_child(client, world):
    admitted = AdmissionFactory(provider=world.revoked_provider, status=Status.CONFIRMED)
    client.force_login(world.users["revoked_provider"])

    assert client.get(reverse("admissions:detail", args=[admitted.pk])).status_code == 404
