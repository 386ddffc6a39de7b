from modeltranslation.translator import TranslationOptions, register

from members.models import MemberOrganization, Membership, Town


@register(MemberOrganization)
class MemberOrganizationTranslationOptions(TranslationOptions):
    fields = ("slug", "name", "acronym", "description", "logo_alt")
    # A missing slug is NULL, so that empty strings do not collide on the unique index.
    empty_values = {"slug": None}


@register(Membership)
class MembershipTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(Town)
class TownTranslationOptions(TranslationOptions):
    fields = ("slug", "name")
    empty_values = {"slug": None}
