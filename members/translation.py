from modeltranslation.translator import TranslationOptions, register

from members.models import MemberOrganization, Membership


@register(MemberOrganization)
class MemberOrganizationTranslationOptions(TranslationOptions):
    fields = ("slug", "name", "acronym", "city", "description")
    # A missing slug is NULL, so that empty strings do not collide on the unique index.
    empty_values = {"slug": None}


@register(Membership)
class MembershipTranslationOptions(TranslationOptions):
    fields = ("note",)
