"""Users of every role."""

import factory

from portail.accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    role = Role.PARENT
    password = factory.PostGenerationMethodCall("set_password", "Mot-de-passe-test-2026")

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
