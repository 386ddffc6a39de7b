import pytest
from django.conf import settings
from django.utils import translation

from members.models import Membership


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("role", Membership.Role.values)
def test_role_display_says_what_djangos_own_says(role, code):
    obj = Membership(role=role)
    with translation.override(code):
        djangos = obj._get_FIELD_display(Membership._meta.get_field("role"))
        assert obj.get_role_display() == djangos


def test_role_display_of_an_unknown_value_is_the_value_itself():
    assert Membership(role="retired").get_role_display() == "retired"


def test_role_display_in_serbian():
    with translation.override("sr-latn"):
        assert Membership(role="member").get_role_display() == "član"
