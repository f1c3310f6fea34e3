"""The one look of the residents' forms: each field with its label, help and
errors next to it (linked by aria-describedby), and a summary on top."""

from django import forms


class PublicFormMixin:
    template_name = "forms/public_form.html"


class PublicForm(PublicFormMixin, forms.Form):
    pass


class PublicModelForm(PublicFormMixin, forms.ModelForm):
    pass
