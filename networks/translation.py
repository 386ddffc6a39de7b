from modeltranslation.translator import TranslationOptions, register

from networks.models import Goal, Introduction, Network


@register(Introduction)
class IntroductionTranslationOptions(TranslationOptions):
    fields = ("title", "text")


@register(Network)
class NetworkTranslationOptions(TranslationOptions):
    fields = (
        "slug",
        "name",
        "short_name",
        "summary",
        "description",
        "astra_relationship",
        "headquarters",
        "member_count_note",
        "member_count_source",
        "logo_alt",
    )
    # A missing slug is NULL, so that empty strings do not collide on the unique index.
    empty_values = {"slug": None}


@register(Goal)
class GoalTranslationOptions(TranslationOptions):
    fields = ("text",)
