"""Forms of onboarding: the claim form and the office's reminder wording."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portail.onboarding import reminder_text


class ClaimForm(forms.Form):
    register_number = forms.CharField(
        label=_("Register number"),
        max_length=20,
        help_text=_("As written on your recognition, for example RSGE-060001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Code given by your coordinating office"),
        max_length=20,
        help_text=_("Ten letters and digits, for example ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class ReminderTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=reminder_text.SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=reminder_text.BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
    )

    def _clean_placeholders(self, name: str) -> str:
        text: str = self.cleaned_data[name]
        errors = reminder_text.template_errors(text, max_length=self.fields[name].max_length)  # type: ignore[attr-defined]
        if errors:
            raise forms.ValidationError(errors)
        return text

    def clean_subject(self) -> str:
        return self._clean_placeholders("subject")

    def clean_body(self) -> str:
        return self._clean_placeholders("body")
