"""schema.org JSON-LD for the network and organization pages: what the page says, as data.

Each function takes the page's object and the request and gives a dict for the
``json_ld`` template filter. It reads only what the view has fetched (the prefetched
``visible_memberships``), so it adds no SQL query, and it speaks the page's language.

Types: a network of NGOs (a coalition, platform or alliance of them) is itself an
``NGO``. ECOSOC, the one "network" that is a status (``Network.is_status``), is an
organ of the United Nations whose members are states: neither an NGO nor one
government's agency (``GovernmentOrganization``), so it is a plain ``Organization``, and
a consultative status held with it is not a membership: it is in no ``member`` or
``memberOf`` list.

``url`` is our page about the organization, the address other entries link to (a
member's ``url`` is its page here); its own website is ``sameAs``. ``inLanguage`` belongs
to pages, not organizations, in schema.org: it is on ``mainEntityOfPage``, the page.
"""

from django.utils import translation
from django.utils.text import capfirst

from core.i18n import language_tag

SCHEMA_ORG = "https://schema.org"


def _without_empty(data):
    """The properties that have a value: what the page does not show is left out."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organization_type(network):
    return "Organization" if network.is_status else "NGO"


def organization_role(membership, **relation):
    """An ``OrganizationRole``: the membership's role and start, around ``relation``
    (``member=...`` or ``memberOf=...``), with the role as the page words it."""
    return _without_empty(
        {
            "@type": "OrganizationRole",
            "roleName": capfirst(membership.get_role_display()),
            "startDate": membership.since_iso,
            **relation,
        }
    )


def web_page(url):
    return {"@type": "WebPage", "@id": url, "inLanguage": language_tag(translation.get_language())}


def shown_memberships(network):
    """The memberships the network's page shows: its member list, or else only ASTRA's
    own role (most networks store ASTRA's membership alone); none for a status."""
    if network.is_status:
        return []
    if network.lists_members:
        return network.visible_memberships
    astra = network.astra_membership
    return [astra] if astra else []


def for_network(network, request):
    url = request.build_absolute_uri(network.get_absolute_url())
    members = [
        organization_role(
            membership,
            member={
                "@type": "NGO",
                "name": membership.organization.name,
                "url": request.build_absolute_uri(membership.organization.get_absolute_url()),
            },
        )
        for membership in shown_memberships(network)
    ]
    return _without_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": organization_type(network),
            "name": network.name,
            "alternateName": network.short_name if network.short_name != network.name else "",
            "description": network.summary,
            "url": url,
            "sameAs": network.website,
            "logo": network.logo and request.build_absolute_uri(network.logo.url),
            "foundingDate": network.founded_year and str(network.founded_year),
            "member": members,
            "mainEntityOfPage": web_page(url),
        }
    )


def for_organization(organization, request):
    url = request.build_absolute_uri(organization.get_absolute_url())
    town = organization.town
    networks = [
        organization_role(
            membership,
            memberOf={
                "@type": organization_type(membership.network),
                "name": membership.network.name,
                "url": request.build_absolute_uri(membership.network.get_absolute_url()),
            },
        )
        for membership in organization.visible_memberships
        if not membership.network.is_status
    ]
    acronym = organization.acronym
    return _without_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": "NGO",
            "name": organization.name,
            "alternateName": acronym if acronym != organization.name else "",
            "description": organization.description,
            "url": url,
            "sameAs": organization.website,
            "logo": organization.logo and request.build_absolute_uri(organization.logo.url),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": town.name,
                "addressCountry": town.country.code,
            },
            "memberOf": networks,
            "mainEntityOfPage": web_page(url),
        }
    )
