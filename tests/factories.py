"""Small factories: every translated field is filled in both languages."""

from decimal import Decimal

import factory

from members.models import MemberOrganization, Membership, Town
from networks.models import Goal, Introduction, Network
from serbian.slugs import serbian_slugify


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction

    title_en = "Networking"
    title_sr_latn = "Umrežavanje"
    text_en = "ASTRA networks and cooperates with many organizations.\n\nSecond paragraph."
    text_sr_latn = "ASTRA se umrežava i sarađuje sa brojnim organizacijama.\n\nDrugi pasus."


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name_en = factory.Sequence(lambda n: f"Network {n}")
    name_sr_latn = factory.Sequence(lambda n: f"Mreža {n}")
    short_name_en = factory.Sequence(lambda n: f"N{n}")
    short_name_sr_latn = factory.Sequence(lambda n: f"M{n}")
    kind = Network.Kind.NATIONAL_NETWORK
    summary_en = "A network of civil society organizations."
    summary_sr_latn = "Mreža organizacija civilnog društva."
    description_en = "First paragraph in English.\n\nSecond paragraph in English."
    description_sr_latn = "Prvi pasus na srpskom.\n\nDrugi pasus na srpskom."
    astra_relationship_en = "ASTRA founded the network."
    astra_relationship_sr_latn = "ASTRA je osnovala mrežu."
    founded_year = 2002
    headquarters_en = "Belgrade, Serbia"
    headquarters_sr_latn = "Beograd, Srbija"
    display_order = factory.Sequence(int)
    is_published = True


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    network = factory.SubFactory(NetworkFactory)
    text_en = factory.Sequence(lambda n: f"Goal {n}")
    text_sr_latn = factory.Sequence(lambda n: f"Cilj {n}")
    order = factory.Sequence(int)


SERBIAN_NAMES = {"Belgrade": "Beograd"}


class TownFactory(factory.django.DjangoModelFactory):
    """Belgrade unless told otherwise; the same town for every organization that asks
    for it by the same English slug."""

    class Meta:
        model = Town
        django_get_or_create = ("slug_en",)

    name_en = "Belgrade"
    name_sr_latn = factory.LazyAttribute(lambda town: SERBIAN_NAMES.get(town.name_en, town.name_en))
    slug_en = factory.LazyAttribute(lambda town: serbian_slugify(town.name_en))
    country = "RS"
    latitude = Decimal("44.82")
    longitude = Decimal("20.46")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberOrganization

    name_en = factory.Sequence(lambda n: f"Organization {n}")
    name_sr_latn = factory.Sequence(lambda n: f"Organizacija {n}")
    town = factory.SubFactory(TownFactory)
    description_en = "An organization from Serbia."
    description_sr_latn = "Organizacija iz Srbije."
    is_published = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER
