"""Forms of messaging: a message with its attachments, the broadcast's recipients, the inbox's search."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portail.messaging.attachments import MAX_COUNT
from portail.messaging.models import BODY_MAX_LENGTH
from portail.messaging.selectors import Recipients
from portail.messaging.services import SUBJECT_MAX_LENGTH
from portail.registry.forms import ProviderSearchForm
from portail.registry.models import Provider


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their type and size are the service's to check (attachments.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


ATTACHMENTS_HELP = _("PDF, PNG or JPEG, at most 10 MB each and %(count)d files.") % {"count": MAX_COUNT}


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        # The service gives the limit's message; the browser does not cut a pasted text silently.
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX_LENGTH}),
        strip=False,
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False, help_text=ATTACHMENTS_HELP)


class NewThreadForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    field_order = ["subject", "body", "attachments"]


class RecipientsForm(ProviderSearchForm):
    """Who a broadcast goes to: the register's own filters, or one provider; nothing chosen is everyone."""

    q = None  # type: ignore[assignment]
    provider = forms.ModelChoiceField(
        label=_("One provider only"),
        queryset=Provider.objects.none(),
        required=False,
        empty_label=_("All the providers matching the filters"),
    )
    field_order = ["provider", "status", "joined", "published", "returning"]

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers.only("pk", "first_name", "last_name", "register_number")  # type: ignore[attr-defined]

    def recipients(self) -> Recipients | None:
        """The choices, or None if one is not valid: a message never goes to more than was asked for
        (a provider of another office typed in the address must not turn into « everyone »)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        provider = data.get("provider")
        return Recipients(
            provider_id=provider.pk if provider is not None else None,
            status=data.get("status") or "",
            joined=data.get("joined") or "",
            published=data.get("published") or "",
            returning=bool(data.get("returning")),
        )


class InboxSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the subjects and messages"), required=False, max_length=100)
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[("date", _("Newest first")), ("unread", _("Unread first"))],
        required=False,
    )
    archived = forms.BooleanField(label=_("Archived conversations"), required=False)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {
            "q": self.cleaned_data.get("q") or "",
            "order": self.cleaned_data.get("order") or "date",
            "archived": bool(self.cleaned_data.get("archived")),
        }
