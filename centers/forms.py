"""The one look of the residents' forms: each field with its label, help and
errors next to it (linked by aria-describedby), and a summary on top."""

from django import forms


class PublicFormMixin:
    template_name = "forms/public_form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # A tick box's label is a sentence ("I agree …。"): no "：" after it.
            if isinstance(field.widget, forms.CheckboxInput):
                field.label_suffix = ""


class PublicForm(PublicFormMixin, forms.Form):
    pass


class PublicModelForm(PublicFormMixin, forms.ModelForm):
    pass
