import pytest
from django.conf import settings
from django.utils import translation

from networks.models import Network


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("kind", Network.Kind.values)
def test_kind_display_says_what_djangos_own_says(kind, code):
    obj = Network(kind=kind)
    with translation.override(code):
        djangos = obj._get_FIELD_display(Network._meta.get_field("kind"))
        assert obj.get_kind_display() == djangos


def test_kind_display_of_an_unknown_value_is_the_value_itself():
    assert Network(kind="federation").get_kind_display() == "federation"
