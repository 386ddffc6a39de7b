import pytest

from bench.loadgen import parse_head, percentile
from bench.report import format_table, human_size


def test_percentile_interpolates_between_ranks():
    values = [4, 1, 3, 2]  # unsorted on purpose
    assert percentile(values, 0) == 1
    assert percentile(values, 50) == 2.5
    assert percentile(values, 100) == 4
    assert percentile(list(range(1, 101)), 99) == pytest.approx(99.01)


def test_percentile_of_one_value_is_that_value():
    assert percentile([7.5], 99) == 7.5


@pytest.mark.parametrize(("values", "p"), [([], 50), ([1, 2], 101), ([1, 2], -1)])
def test_percentile_refuses_what_has_no_answer(values, p):
    with pytest.raises(ValueError, match="percentile"):
        percentile(values, p)


def test_parse_head_reads_status_and_lowercases_header_names():
    head = b"HTTP/1.1 404 Not Found\r\nContent-Length: 12\r\nX-Bench-Queries: 3\r\n\r\n"
    status, headers = parse_head(head)
    assert status == 404
    assert headers == {"content-length": "12", "x-bench-queries": "3"}


def test_parse_head_refuses_what_is_not_http():
    with pytest.raises(ValueError, match="not an HTTP response"):
        parse_head(b"SSH-2.0-OpenSSH\r\n\r\n")


def test_table_aligns_numbers_right_and_text_left():
    table = format_table(["target", "req/s"], [["home", "95.2"], ["large network", "1234.5"]])
    assert table.splitlines() == [
        "| target        |  req/s |",
        "| ------------- | -----: |",
        "| home          |   95.2 |",
        "| large network | 1234.5 |",
    ]


def test_table_refuses_a_row_of_the_wrong_length():
    with pytest.raises(ValueError, match="expected 2"):
        format_table(["a", "b"], [["1"]])


@pytest.mark.parametrize(
    ("size", "text"), [(None, "–"), (0, "0 B"), (1023, "1023 B"), (1536, "1.5 KB")]
)
def test_human_size(size, text):
    assert human_size(size) == text
