"""The ecosystem itself: brands, their product categories and the typed ties between them."""

from typing import Any, TypeAlias

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ecosystem.core.translation import localized

# A category as family() and in_category() take it: the row, its pk or a subquery of the pk.
CategoryRef: TypeAlias = "ProductCategory | int | models.QuerySet[Any, Any]"


class ProductCategoryQuerySet(models.QuerySet["ProductCategory"]):
    def family(self, category: CategoryRef) -> "models.QuerySet[ProductCategory, dict[str, Any]]":
        """The pks of `category` and of every category below it.

        `category` is a ProductCategory, its pk or a subquery giving the pk.
        Categories nest at most MAX_DEPTH levels (ProductCategory.clean), so
        three joins reach every level.
        """
        if isinstance(category, ProductCategory):
            category = category.pk
        levels = Q(pk=category) | Q(parent=category) | Q(parent__parent=category)
        return self.filter(levels).values("pk")


class ProductCategory(models.Model):
    # A category, its sub-categories and theirs: deep enough for any product
    # catalogue shown here, and shallow enough to query without recursion.
    MAX_DEPTH = 3

    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("The category's part of its page address, e.g. “smart-home”."),
    )
    name = models.CharField(_("name"), max_length=100)
    name_de = models.CharField(_("name (German)"), max_length=100, blank=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("Empty for a top-level category."),
    )
    # Words that put a news item in this category, one per line, in any language.
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "One keyword or phrase per line, in any language: "
            "a news item that contains one is put in this category."
        ),
    )

    objects = ProductCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="category_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        return localized(self, "name")

    def clean(self) -> None:
        depth, ancestor = 1, self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            depth, ancestor = depth + 1, ancestor.parent
            if depth > self.MAX_DEPTH:
                raise ValidationError(
                    {
                        "parent": _("Categories nest at most %(depth)d levels deep.")
                        % {"depth": self.MAX_DEPTH}
                    }
                )

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class BrandQuerySet(models.QuerySet["Brand"]):
    def in_category(self, category: CategoryRef) -> "BrandQuerySet":
        """Brands that make products in `category` or in a category below it."""
        return self.filter(categories__in=ProductCategory.objects.family(category)).distinct()

    def with_tied(self, brand: "Brand | int | models.QuerySet[Any, Any]") -> "BrandQuerySet":
        """`brand` and the brands whose news rolls up to it (its sub-brands,
        subsidiaries and investments), as a pk subquery. `brand` is a Brand, its
        pk or a subquery giving the pk."""
        # rolling_up_to() filters on target=, which takes a pk subquery as well.
        tied = Tie.objects.rolling_up_to(brand).values("brand")  # type: ignore[arg-type]
        return self.filter(Q(pk=brand) | Q(pk__in=tied)).values("pk")  # type: ignore[return-value]


class Brand(models.Model):
    class Kind(models.TextChoices):
        PARENT = "parent", _("Parent company")
        SUB_BRAND = "sub_brand", _("Sub-brand")
        PLATFORM = "platform", _("Platform")
        SUBSIDIARY = "subsidiary", _("Subsidiary")
        ECOSYSTEM = "ecosystem", _("Ecosystem company")

    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("The brand's part of its page address, e.g. “redmi”."),
    )
    name = models.CharField(_("name"), max_length=100)
    native_name = models.CharField(
        _("Chinese name"),
        max_length=100,
        blank=True,
        help_text=_("The name in Chinese characters, e.g. 小米."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    founded = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    headquarters = models.CharField(_("headquarters"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    ticker = models.CharField(
        _("stock ticker"), max_length=40, blank=True, help_text=_('For example "HKEX: 1810".')
    )
    description = models.TextField(_("description"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_zh_hans = models.TextField(_("description (Chinese)"), blank=True)
    # The auto-created join table is unique on (brand, category) and indexed on
    # category_id, which serves "brands in category Y".
    categories = models.ManyToManyField(
        ProductCategory,
        verbose_name=_("product categories"),
        related_name="brands",
        blank=True,
        help_text=_("The categories the brand makes products in."),
    )

    objects = BrandQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        constraints = [
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=1800, founded__lte=2100),
                name="brand_founded_plausible",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="brand_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("brands:detail", args=[self.slug])

    @property
    def local_description(self) -> str:
        return localized(self, "description")


class Alias(models.Model):
    """A name that, found in news text, means this brand."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        GERMAN = "de", _("German")
        CHINESE = "zh", _("Chinese")

    class Evidence(models.TextChoices):
        NONE = "", _("none: the name alone counts")
        MODEL_OR_CONTEXT = "model_or_context", _("a model number after it, or a context word")
        CONTEXT = "context", _("a context word of the brand in the text")

    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="aliases"
    )
    text = models.CharField(_("text"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # For names that are ordinary words when written otherwise ("POCO", "YI").
    case_sensitive = models.BooleanField(
        _("case-sensitive"),
        default=False,
        help_text=_(
            'Only written exactly so, for names that are ordinary words otherwise ("POCO", "YI").'
        ),
    )
    # For names that are ordinary words even in the right case (黑鲨 is also a shark).
    evidence = models.CharField(
        _("needs evidence"),
        max_length=20,
        choices=Evidence.choices,
        default=Evidence.NONE,
        blank=True,
        help_text=_(
            "What else the text must hold for this name to count, for names that are also "
            "ordinary words (黑鲨 is a black shark too)."
        ),
    )

    class Meta:
        ordering = ["language", "text"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "language", "text"], name="alias_unique_per_brand_language"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="alias_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"


class ExclusionPhrase(models.Model):
    """A phrase that contains an alias but does not mean the brand (小米粥 is millet porridge)."""

    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="exclusions"
    )
    text = models.CharField(
        _("phrase"),
        max_length=200,
        help_text=_(
            "Contains an alias but does not mean the brand, e.g. 小米粥 (millet porridge)."
        ),
    )

    class Meta:
        ordering = ["text"]
        verbose_name = _("exclusion phrase")
        verbose_name_plural = _("exclusion phrases")
        constraints = [
            models.UniqueConstraint(fields=["brand", "text"], name="exclusion_unique_per_brand"),
            models.CheckConstraint(condition=~Q(text=""), name="exclusion_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text


class ContextWord(models.Model):
    """A word that, found in the same text, confirms an alias that needs evidence
    ("手机" or "smartphone" for 黑鲨, Black Shark's phones, rather than the fish)."""

    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="context_words"
    )
    text = models.CharField(
        _("word"),
        max_length=100,
        help_text=_("Found anywhere in the same text, it confirms an alias that needs evidence."),
    )

    class Meta:
        ordering = ["text"]
        verbose_name = _("context word")
        verbose_name_plural = _("context words")
        constraints = [
            models.UniqueConstraint(fields=["brand", "text"], name="contextword_unique_per_brand"),
            models.CheckConstraint(condition=~Q(text=""), name="contextword_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text


class ReferenceLink(models.Model):
    """A source for a brand's facts."""

    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="references"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)

    class Meta:
        ordering = ["id"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(fields=["brand", "url"], name="reference_unique_per_brand"),
        ]

    def __str__(self) -> str:
        return self.title


class TieQuerySet(models.QuerySet["Tie"]):
    def current(self) -> "TieQuerySet":
        return self.filter(until__isnull=True)

    def rolling_up_to(self, brand: Brand | int) -> "TieQuerySet":
        """Ties that bring a brand's news onto `brand`'s page when it rolls up."""
        return self.filter(target=brand, type__in=Tie.Type.roll_up_types())


class Tie(models.Model):
    """A typed, dated relationship: `brand` <type> `target` (Redmi is a sub-brand of Xiaomi)."""

    class Type(models.TextChoices):
        SUB_BRAND_OF = "sub_brand_of", _("sub-brand of")
        SUBSIDIARY_OF = "subsidiary_of", _("subsidiary of")
        INVESTED_IN_BY = "invested_in_by", _("invested in by")
        SOLD_THROUGH = "sold_through", _("sold through")
        FORMER_PARTNER_OF = "former_partner_of", _("former partner of")
        RENAMED_FROM = "renamed_from", _("renamed from")

        # Tie families. Enum members cannot be grouped in class attributes, so
        # each family is a classmethod.
        @classmethod
        def parent_types(cls) -> tuple["Tie.Type", ...]:
            """Ties that make a brand part of another one: its "parent" in the API."""
            return (cls.SUB_BRAND_OF, cls.SUBSIDIARY_OF)

        @classmethod
        def roll_up_types(cls) -> tuple["Tie.Type", ...]:
            """Ties along which a brand's page can include the news of brands tied to it."""
            return (cls.SUB_BRAND_OF, cls.SUBSIDIARY_OF, cls.INVESTED_IN_BY)

    class Precision(models.TextChoices):
        # Sources often give only the year or month of a tie; the dates are stored
        # as the first day of that period and shown no more precisely than known.
        YEAR = "year", _("year")
        MONTH = "month", _("month")
        DAY = "day", _("day")

    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="ties"
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    target = models.ForeignKey(
        Brand,
        verbose_name=_("other brand"),
        on_delete=models.CASCADE,
        related_name="incoming_ties",
    )
    since = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Empty if not known.")
    )
    since_precision = models.CharField(
        _("precision of the start date"),
        max_length=5,
        choices=Precision.choices,
        default="day",
        help_text=_("A date known only to the year or month is stored as its first day."),
    )
    until = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty while the tie lasts.")
    )
    until_precision = models.CharField(
        _("precision of the end date"),
        max_length=5,
        choices=Precision.choices,
        default="day",
        help_text=_("A date known only to the year or month is stored as its first day."),
    )
    reference = models.URLField(
        _("reference"), max_length=500, blank=True, help_text=_("Where the tie is documented.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    note_de = models.CharField(_("note (German)"), max_length=300, blank=True)
    note_zh_hans = models.CharField(_("note (Chinese)"), max_length=300, blank=True)

    objects = TieQuerySet.as_manager()

    class Meta:
        ordering = ["brand__name", "type", "target__name"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.CheckConstraint(condition=~Q(brand=F("target")), name="tie_not_to_itself"),
            models.UniqueConstraint(fields=["brand", "type", "target"], name="tie_unique_per_type"),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="tie_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} {self.get_type_display()} {self.target}"

    @property
    def local_note(self) -> str:
        return localized(self, "note")
