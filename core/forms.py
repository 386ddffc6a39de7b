"""The admin form of every content model: what an editor types is kept as typed, or
refused with a reason, never silently changed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.sanitize import normalise_line_endings, prose_fields, sanitise_text
from serbian.languages import CYRILLIC, LATIN
from serbian.models import transliterated_fields


class TextField(forms.CharField):
    """A textarea's text, with LF line breaks, so that an unchanged text is unchanged."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_line_endings(value) if isinstance(value, str) else value


MARKUP_REFUSED = _(
    "Text in angle brackets is read as markup and would be lost: write it without “<” "
    "and “>” (for example info@astra.rs instead of <info@astra.rs>)."
)


class ContentAdminForm(forms.ModelForm):
    """Refuses markup before validation (the model would strip it on save), and lets the
    editor have a Serbian text made again from the other script."""

    regenerate_serbian = forms.MultipleChoiceField(
        label=_("make again from the other script"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Your own version of these texts is replaced by the transliteration of the "
            "other script when you save, and follows it from then on."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("regenerate_serbian")
        if field is not None:
            field.choices = self.regenerable_texts()
            if not field.choices:
                field.widget = forms.MultipleHiddenInput()

    def regenerable_texts(self):
        """The Serbian texts an editor wrote in both scripts: either may be made again."""
        if self.instance.pk is None:
            return []
        generated = set(self.instance.generated_translations or ())
        choices = []
        scripts = ((CYRILLIC, LATIN, _("Cyrillic")), (LATIN, CYRILLIC, _("Latin")))
        for field in transliterated_fields(type(self.instance)):
            label = self.instance._meta.get_field(field).verbose_name
            for code, other_code, script in scripts:
                name = build_localized_fieldname(field, code)
                other = build_localized_fieldname(field, other_code)
                if name not in generated and getattr(self.instance, other, None):
                    choices.append((name, f"{label} ({script})"))
        return choices

    def clean(self):
        cleaned_data = super().clean()
        for name in prose_fields(self._meta.model):
            value = cleaned_data.get(name)
            if isinstance(value, str) and value and sanitise_text(value) != value:
                self.add_error(name, MARKUP_REFUSED)
        return cleaned_data

    def save(self, commit=True):
        # Emptied, a text is made again from the other script on save and marked generated.
        for name in self.cleaned_data.get("regenerate_serbian") or ():
            setattr(self.instance, name, "")
        return super().save(commit=commit)
