"""Plain-text tables for the benchmark's report."""


def human_size(size):
    if size is None:
        return "–"
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.1f} KB"


def format_table(headers, rows):
    """A Markdown table (readable in a terminal, pasteable into the README).

    Columns whose every cell looks like a number are right-aligned.
    """
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        if len(row) != len(headers):
            raise ValueError(f"row {row} has {len(row)} cells, expected {len(headers)}")
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    numeric = [
        bool(cells) and all(_looks_numeric(row[index]) for row in cells)
        for index in range(len(headers))
    ]

    def line(values):
        padded = [
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(values, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "| "
        + " | ".join(
            "-" * (width - 1) + ":" if right else "-" * width
            for width, right in zip(widths, numeric, strict=True)
        )
        + " |"
    )
    return "\n".join([line(headers), rule, *(line(row) for row in cells)])


def _looks_numeric(text):
    stripped = text.replace(",", "").replace("%", "").replace(" KB", "").replace(" B", "")
    stripped = stripped.replace(" ms", "").strip()
    if stripped in {"", "–"}:
        return True
    try:
        float(stripped)
    except ValueError:
        return False
    return True
