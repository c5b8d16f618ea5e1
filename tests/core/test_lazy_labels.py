"""Form labels with a number in them are translated when shown, not once at import: English users read
English."""

from django.utils import translation

from portail.profiles.forms import ProfileForm
from portail.registry.forms import ProviderForm, ProviderSearchForm


def test_labels_with_a_number_follow_the_language_of_the_request():
    with translation.override("en"):
        assert str(ProviderSearchForm.base_fields["returning"].label).startswith(
            "Suspended, returning within"
        )
        assert str(ProviderForm.base_fields["show_before_return"].help_text).startswith("Parents see")
        assert str(ProfileForm.base_fields["presentation"].help_text).startswith("Plain text")
    with translation.override("fr"):
        assert "Suspendu" in str(ProviderSearchForm.base_fields["returning"].label)
        assert str(ProfileForm.base_fields["presentation"].help_text).startswith("Texte")
