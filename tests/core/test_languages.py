"""Each language stays itself: every page of every role in English holds none of the portal's French words,
and in French none of the English words the libraries write (Leaflet's, allauth's, django-tasks'). With the
wording of #18: Québec usage in allauth's pages, a French page for too many attempts, Leaflet's controls.

The pages are the access matrix's (tests/test_access_matrix.py's EXPECTED over tests/matrix.py's world): each
route that answers an actor 200 by GET, rendered for that actor, once in each language.
"""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.matrix import ACTORS, World, build_world, kwargs_for, routes
from tests.test_access_matrix import EXPECTED

# Words of the portal's own French screens that an English page must not show. The world's data is French
# too (« Bureau coordonnateur du Plateau », « Visite de la conseillère », « Léa »): only screen words here.
FRENCH_WORDS = [
    "Accueil",
    "Ajouter",
    "Annuler",
    "Connexion",
    "Se connecter",
    "Déconnexion",
    "Se déconnecter",
    "Créer un compte",
    "courriel",
    "Courriel",
    "Enregistrer",
    "Rechercher",
    "Retirer",
    "Modifier",
    "Envoyer",
    "Télécharger",
    "Précédent",
    "Suivant",
    "Mot de passe",
    "Réserve de clientèle",
    "Enfants admis",
    "Mes enfants",
    "Mon accueil",
    "Messagerie",
    "Entente de services",
    "entente de services",
    "Mettre fin",
    "Aide et soutien",
    "Carte des services",
    "Zoom avant",
    "Zoom arrière",
    "Fermer",
    "Aucun ",
    "Aucune ",
    "Accès refusé",
    "Page introuvable",
]
# English words that the libraries write, or that the portal used to leave in French pages.
ENGLISH_WORDS = [
    "Zoom in",
    "Zoom out",
    "Close popup",
    '"Close"',
    "Task results",
    "Task Results",
    "Tasks Database Backend",
    "Sign In",
    "Sign in",
    "Sign Up",
    "Sign out",
    "E-mail address",
    "Email address",
    "e-mail",
    "E-mail",
    "Password",
    "Forgot",
    "Search",
    "Save",
    "Cancel",
    "Previous",
    "Next",
    "Help and support",
    "My home",
]
# The world's own text, which a page may show in either language (the office's name holds « Bureau
# coordonnateur »; an attachment keeps its name).
DATA = ["Bureau coordonnateur du Plateau", "Visite de la conseillère", "Bonjour, voici le plan."]
# What either language legitimately shows: the language switch names the other language in itself.
ALWAYS = {"en": ["Français"], "fr-ca": ["English"]}
SKIPPED_ROUTES = {"core:favicon", "core:health", "set_language"}


class _Text(HTMLParser):
    """A page's words as a reader or a screen reader meets them: its text and the attributes that are read
    out or shown (titles, labels, placeholders, alternative texts, values of buttons, data- words given to
    scripts), without scripts' and styles' code."""

    SHOWN = {"title", "aria-label", "placeholder", "alt", "data-zoom-in", "data-zoom-out", "data-close"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            submit = tag == "input" and name == "value" and values.get("type") == "submit"
            if value and (name in self.SHOWN or submit):
                self.parts.append(f'"{value}"')
        if tag in {"script", "style"}:  # a script's words come in its data- attributes, read above
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def words_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def leftovers(text: str, words: list[str], language: str) -> list[str]:
    for shown in DATA + ALWAYS[language]:
        text = text.replace(shown, " ")
    return [word for word in words if word in text]


ROUTES = {route.key: route for route in routes()}


def _pages(actor: str) -> list[tuple[str, str]]:
    """The routes that show this actor a page by GET, with their keys."""
    pages = []
    for key, entry in EXPECTED.items():
        if entry.GET is None or key in SKIPPED_ROUTES or key.startswith("admin:") or key not in ROUTES:
            continue
        answer = entry.GET.answer_for(actor)
        if answer.status == 200 and not answer.to:
            pages.append((key, entry.pk or ""))
    return pages


@pytest.fixture(scope="module")
def _world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
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


def _client(world: World, actor: str, language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    user = world.users[actor]
    if user is not None:
        client.force_login(user)
    return client


def _texts(world: World, actor: str, language: str) -> dict[str, str]:
    """Each HTML page or fragment (the map's summaries, htmx's answers) the actor is shown, as words, in
    the language; a whole page's words end with its footer's."""
    client = _client(world, actor, language)
    texts: dict[str, str] = {}
    for key, pk in _pages(actor):
        entry = EXPECTED[key]
        route = ROUTES[key]
        url = route.url(kwargs_for(route, world, pk=pk or None, **entry.kwargs)) + entry.query
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            texts[url] = words_of(response.content.decode())
    return texts


@pytest.mark.parametrize("actor", ACTORS)
def test_english_pages_hold_no_french(world, actor):
    texts = _texts(world, actor, "en")

    pages = [text for text in texts.values() if "Skip to main content" in text]
    assert len(pages) >= 3 and all("Help and support" in text for text in pages)  # the footer: English was on
    found = {url: left for url, text in texts.items() if (left := leftovers(text, FRENCH_WORDS, "en"))}
    assert found == {}


@pytest.mark.parametrize("actor", ACTORS)
def test_french_pages_hold_no_english(world, actor):
    texts = _texts(world, actor, "fr-ca")

    pages = [text for text in texts.values() if "Passer au contenu principal" in text]
    assert len(pages) >= 3 and all("Aide et soutien" in text for text in pages)
    found = {url: left for url, text in texts.items() if (left := leftovers(text, ENGLISH_WORDS, "fr-ca"))}
    assert found == {}


def test_the_walk_reaches_every_role_s_pages():
    """A walk that found no page would pass: each role has its pages in it."""
    for actor in ACTORS:
        assert len(_pages(actor)) >= 3, actor


def test_the_word_lists_catch_what_they_are_for():
    """The checker itself: it finds a word in a page's text or in its read-out attributes, not in code."""
    page = '<a title="Zoom in">+</a><script>var Search = 1;</script><p>Retirer</p>'
    assert leftovers(words_of(page), ENGLISH_WORDS, "fr-ca") == ["Zoom in"]
    assert leftovers(words_of(page), FRENCH_WORDS, "en") == ["Retirer"]
    assert leftovers(words_of("<p>Visite de la conseillère</p>"), FRENCH_WORDS, "en") == []


# The wording of #18, item 5.


@pytest.mark.parametrize(
    ("language", "zoom_in", "zoom_out", "close"),
    [("fr-ca", "Zoom avant", "Zoom arrière", "Fermer"), ("en", "Zoom in", "Zoom out", "Close")],
)
def test_leaflet_s_controls_are_given_the_page_s_words(client, db, language, zoom_in, zoom_out, close):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("directory:search")).content.decode()

    script = re.search(r'<script src="[^"]*leaflet-locale[^"]*"[^>]*>', page)
    assert script, "the map's page loads the script that translates Leaflet's controls"
    assert f'data-zoom-in="{zoom_in}"' in script.group(0)
    assert f'data-zoom-out="{zoom_out}"' in script.group(0)
    assert f'data-close="{close}"' in script.group(0)
    # Deferred: it runs after the page's Leaflet and before map.js makes the map (on DOMContentLoaded).
    assert " defer" in script.group(0)


def test_the_task_queue_is_named_in_french_in_the_administration():
    with translation.override("fr-ca"):
        assert str(apps.get_app_config("django_tasks_database").verbose_name) == "File des tâches"
        model = apps.get_model("django_tasks_database", "DBTaskResult")
        assert str(model._meta.verbose_name_plural) == "Résultats des tâches"
        assert [str(label) for _, label in model._meta.get_field("status").choices] == [
            "En attente",
            "En cours",
            "Échouée",
            "Réussie",
        ]


def test_the_sign_in_page_offers_a_button_to_create_an_account(client, db):
    page = client.get(reverse("account_login")).content.decode()

    assert re.search(
        rf'<a class="qc-button[^"]*" href="{reverse("account_signup")}">Créer un compte</a>', page
    )
    assert "enregistrer" not in page
    assert "au préalable" not in page


@pytest.mark.parametrize(
    ("msgid", "quebec"),
    [
        ("Email address", "Adresse courriel"),
        ("Email", "Courriel"),
        ("Sign Up", "Créer un compte"),
        ("You have signed out.", "Vous êtes déconnecté."),
        ("Are you sure you want to sign out?", "Voulez-vous vraiment vous déconnecter ?"),
        ("Confirmation email sent to %(email)s.", "Courriel de confirmation envoyé à %(email)s."),
    ],
)
def test_allauth_speaks_quebec_french(msgid, quebec):
    with translation.override("fr-ca"):
        assert translation.gettext(msgid) == quebec


def test_the_sign_up_page_says_courriel(client, db):
    page = client.get(reverse("account_signup")).content.decode()

    assert "courriel" in page.lower()
    assert "e-mail" not in page.lower()


@pytest.mark.parametrize(
    ("language", "says", "never"),
    [
        ("fr-ca", "Trop de tentatives", "Too Many Requests"),
        ("en", "Too many attempts", "Trop de tentatives"),
    ],
)
def test_the_eleventh_sign_up_of_an_hour_gets_the_portal_s_page(client, db, language, says, never):
    """allauth allows 10 sign-ups an hour from one address (settings.ACCOUNT_RATE_LIMITS): the 11th gets
    templates/429.html, in the portal's look and language, saying to wait and try again."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("account_signup")
    for number in range(10):
        password = "Un-mot-de-passe-2026!"
        data = {"email": f"famille{number}@example.test", "password1": password, "password2": password}
        assert client.post(url, data).status_code == 302
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post(url, {"email": "famille11@example.test", "password1": "x", "password2": "x"})

    assert response.status_code == 429
    page = response.content.decode()
    assert says in page
    assert never not in page
    assert 'class="portal-header' in page  # the portal's look: base.html
    assert reverse("core:help") in page


def test_the_favicon_is_found_where_the_admin_asks_for_it(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].startswith(settings.STATIC_URL + "favicon")
    assert response["Location"].endswith(".svg")


# Gender-neutral wording and elision (#18): the portal knows no child's sex, and « de » elides before a vowel.


@pytest.mark.parametrize(
    ("msgid", "first_name", "french"),
    [
        ("Who opened the file %(of_name)s", "Alice", "Qui a consulté le dossier d’Alice"),
        ("Who opened the file %(of_name)s", "Léa", "Qui a consulté le dossier de Léa"),
        ("Service agreement %(of_name)s %(last)s", "Hélène", "Entente de services d’Hélène Roy"),
        ("Client reserve %(of_name)s (%(number)s)", "Isabelle", "Réserve de clientèle d’Isabelle (1)"),
        ("Edit the entry %(of_name)s", "Olivier", "Modifier l’inscription d’Olivier"),
        (
            "The service was removed from the choices %(of_name)s.",
            "Éloi",
            "Le service a été retiré des choix d’Éloi.",
        ),
    ],
)
def test_de_elides_before_a_vowel(msgid, first_name, french):
    from portail.registry.names import of_name

    with translation.override("fr-ca"):
        said = translation.gettext(msgid) % {"of_name": of_name(first_name), "last": "Roy", "number": 1}
    assert said == french


def test_the_parent_s_page_names_alice_with_elision_and_no_gender(client, db):
    from tests.families.factories import ChildFactory, FamilyFileFactory, GuardianFactory

    family = FamilyFileFactory()
    GuardianFactory(family=family, email=family.parent.email)
    child = ChildFactory(family=family, first_name="Alice")
    client.force_login(family.parent)

    page = client.get(reverse("families:child", args=[child.file_id])).content.decode()

    assert "Qui a consulté le dossier d’Alice" in page
    assert "de Alice" not in page


def test_no_french_message_of_the_portal_gives_a_child_a_gender():
    """« Léa est admis », « Admis — en attente »: the catalogues say « admission » instead."""
    import polib

    from tests.core.test_translations import ROOT, _catalogues

    gendered = [
        f"{name}: {entry.msgstr}"
        for name, path in _catalogues(ROOT).items()
        for entry in polib.pofile(str(path))
        if re.search(r"\best admis|\bAdmis\b|\badmise?s?\b ?[—,]|admis·e|\bparti vers", entry.msgstr)
    ]
    assert gendered == []


def test_the_admin_s_task_queue_speaks_french(client, db):
    """The break-glass superuser's view of the queue (ministry staff do not see it)."""
    from portail.accounts.models import User

    client.force_login(User.objects.create_superuser("urgence@example.test", "Mot-de-passe-urgence-2026"))
    for url in ["/admin/", "/admin/django_tasks_database/dbtaskresult/"]:
        text = words_of(client.get(url).content.decode())
        assert "File des tâches" in text and "Résultats des tâches" in text, url
        assert leftovers(text, [*ENGLISH_WORDS, "Ready", "Running", "Successful"], "fr-ca") == [], url
