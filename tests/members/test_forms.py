import pytest

from members.forms import MAX_QUERY_LENGTH, DirectoryQueryForm


@pytest.mark.parametrize(
    ("data", "query", "sort"),
    [
        ({}, "", "name"),
        ({"q": "  Niš ", "sort": "city"}, "Niš", "city"),
        ({"q": "Ni\x00š"}, "Niš", "name"),
        ({"q": "x" * 5000}, "x" * MAX_QUERY_LENGTH, "name"),
        ({"sort": "price"}, "", "name"),
        ({"q": "Niš", "sort": ["city", "name"]}, "Niš", "name"),
    ],
)
def test_the_query_string_is_read_leniently(data, query, sort):
    # What does not fit is left out: the visitor still gets a directory, never an error.
    form = DirectoryQueryForm(data)
    assert (form.query, form.sort_order) == (query, sort)
