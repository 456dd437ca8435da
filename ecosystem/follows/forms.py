"""The follow form that brand, category and search pages carry, and the forms of
the manage page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.brands.models import Brand, ProductCategory
from ecosystem.follows.models import Follow
from ecosystem.news.search import QueryError, SearchQuery


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "name@example.com"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Follow.Frequency.choices, initial=Follow.Frequency.DAILY
    )
    brand = forms.ModelChoiceField(
        queryset=Brand.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("No brand by that name is tracked here.")},
    )
    category = forms.ModelChoiceField(
        queryset=ProductCategory.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no such product category.")},
    )
    q = forms.CharField(required=False, max_length=400, widget=forms.HiddenInput)
    include = forms.ChoiceField(
        choices=[("", ""), ("tied", "tied")], required=False, widget=forms.HiddenInput
    )
    trending_only = forms.BooleanField(
        label=_("Only when it is trending"),
        required=False,
        help_text=_("A mail only when its news runs well above its usual level."),
    )
    # Left empty by people (it is hidden from them); filled by robots that fill everything.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the search page has a search form with a `q` field too.
        kwargs.setdefault("auto_id", "follow-%s")
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        # The domain is case-insensitive; the local part is the server's business.
        local, _at, domain = self.cleaned_data["email"].strip().rpartition("@")
        return f"{local}@{domain.lower()}"

    def clean_q(self) -> str:
        raw = self.cleaned_data["q"]
        if not raw.strip():
            return ""
        try:
            query = SearchQuery.parse(raw)
        except QueryError as error:
            raise forms.ValidationError(str(error), code="too_broad") from None
        if not query:
            return ""
        return query.text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if not (data.get("brand") or data.get("category") or data.get("q")):
            raise forms.ValidationError(_("Choose a brand, a category or a search to follow."))
        if not data.get("brand") and (data.get("include") or data.get("trending_only")):
            raise forms.ValidationError(_("Tied brands and trends apply to a brand only."))
        return data

    @property
    def problems(self) -> list[str]:
        """Errors the visitor cannot see beside a field: the form's own, and those
        of the hidden fields that say what is followed."""
        hidden = [error for field in self.hidden_fields() for error in field.errors]
        return [*self.non_field_errors(), *hidden]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def target(self) -> dict[str, Any]:
        """The fields that say what is followed, as Follow's lookup."""
        data = self.cleaned_data
        return {
            "brand": data.get("brand"),
            "category": data.get("category"),
            "query": data.get("q", ""),
            "include_tied": data.get("include") == "tied",
        }


class ChangeFollowForm(forms.ModelForm):
    """What the manage page lets a follower change: how often, and trends only."""

    class Meta:
        model = Follow
        fields = ["frequency", "trending_only"]

    def clean_trending_only(self) -> bool:
        value = bool(self.cleaned_data["trending_only"])
        return value and self.instance.brand_id is not None
