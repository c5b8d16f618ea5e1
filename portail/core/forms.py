"""How every form of the portal renders: one field template, with the design system's classes."""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
