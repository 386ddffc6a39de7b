import pytest
from django.urls import reverse

from bench.data import LARGE_NETWORK_SLUG, create_large_network, delete_bench_data
from members.models import MemberOrganization, Membership, Town
from networks.models import Network

pytestmark = pytest.mark.django_db


def test_large_network_is_served_with_the_same_queries_at_any_size(
    client, network, django_assert_num_queries
):
    created = create_large_network(size=12)
    assert created.slug_en == created.slug_sr_latn == LARGE_NETWORK_SLUG
    assert Membership.objects.filter(network=created).count() == 12
    with django_assert_num_queries(3):
        response = client.get(reverse("networks:network-detail", args=[LARGE_NETWORK_SLUG]))
    assert response.content.decode().count('class="member-list__item"') == 12


def test_bench_data_is_made_anew_and_removed_without_touching_the_content(network):
    create_large_network(size=3)
    create_large_network(size=5)  # again: replaces, never duplicates
    assert MemberOrganization.objects.filter(slug_en__startswith="bench-").count() == 5
    (town,) = Town.objects.filter(slug_en__startswith="bench-")
    assert set(town.organizations.values_list("slug_en", flat=True)) == {
        f"bench-organization-00{n}" for n in range(1, 6)
    }
    delete_bench_data()
    assert not Network.objects.filter(slug_en=LARGE_NETWORK_SLUG).exists()
    assert not MemberOrganization.objects.filter(slug_en__startswith="bench-").exists()
    assert not Town.objects.filter(slug_en__startswith="bench-").exists()
    assert Network.objects.filter(slug_en="at-network").exists()
    assert MemberOrganization.objects.filter(slug_en="astra").exists()
    assert set(Town.objects.values_list("name_en", flat=True)) == {"Belgrade", "Niš"}
