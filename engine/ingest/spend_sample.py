"""A made-up "spend over £500" file with the quirks real ones have, for the demo councils and the benchmark.

Vectorised (numpy-free polars), so a million rows take about a second: title lines above the header, dates in the
six forms councils write, amounts with "£", thousands separators and brackets for credits, stray spaces, redacted
suppliers, a blank row and a total row. Every row is readable, so every row but the exact duplicates is imported.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

HEADER = (
    "Body Name",
    "Payment Date",
    "Transaction Number",
    "Expense Area",
    "Expense Type",
    "Supplier Name",
    "Amount (£)",
    "Purpose",
)
EXPENSE_TYPES = ("Residential care", "Home care", "Agency staff", "Consultancy", "Works", "Grants", "Equipment")
PURPOSES = ("Care packages", "Highway repairs", "Professional fees", "Grant payment", "Supplies")
REDACTED = ("REDACTED", "Redacted - personal data", "Redacted")
DATE_FORMS = ("%d/%m/%Y", "%-d/%-m/%Y", "%Y-%m-%d", "%-d-%b-%y", "%d-%b-%Y", "%-d %B %Y")


def spend_csv(
    *,
    rows: int,
    suppliers: list[str],
    areas: list[str],
    body: str = "Example Council",
    start: dt.date = dt.date(2026, 4, 1),
    days: int = 365,
    seed: int = 2026,
    title: str = "Spend over £500",
) -> bytes:
    """``rows`` rows of spend (UTF-8 with a byte-order mark), spread over ``days`` days from ``start``."""
    index = pl.int_range(0, rows, eager=True).alias("i")
    mix = ((index * 2_654_435_761 + seed) % 4_294_967_296).alias("h")  # a cheap, repeatable scramble
    frame = pl.DataFrame([index, mix])
    supplier_list = pl.Series(suppliers, dtype=pl.String)
    area_list = pl.Series(areas, dtype=pl.String)
    h = pl.col("h")
    pence = (h % 2_500_000) + 1_000
    amount_number = (pence / 100).round(2)
    credit = (h % 97) == 0
    # Each day in each of the six forms, written once and picked by index: strftime on a million rows is slow.
    days_table = pl.DataFrame({"day": pl.date_range(start, start + dt.timedelta(days=max(days - 1, 0)), eager=True)})
    forms = pl.concat([days_table.select(pl.col("day").dt.strftime(form).alias("text")) for form in DATE_FORMS])
    day_number = (pl.col("i") * days) // max(rows, 1)
    date_index = (h % len(DATE_FORMS)) * days_table.height + day_number
    plain = amount_number.cast(pl.String)
    whole = pence // 100
    cents = (pence % 100).cast(pl.String).str.zfill(2)
    with_separators = (
        pl.when(whole >= 1000)
        .then(pl.format("£{},{}.{}", whole // 1000, (whole % 1000).cast(pl.String).str.zfill(3), cents))
        .otherwise(pl.format("£{}.{}", whole, cents))
    )
    amount = (
        pl.when(credit)
        .then(pl.format("({})", plain))
        .when(h % 5 == 0)
        .then(with_separators)
        .when(h % 5 == 1)
        .then(pl.format("  {}.{} ", whole, cents))
        .otherwise(plain)
    )
    supplier = pl.when(h % 53 == 0).then(pl.lit(REDACTED[0])).when(h % 59 == 0).then(pl.lit(REDACTED[1]))
    table = frame.with_columns(
        pl.lit(body).alias(HEADER[0]),
        date_index.alias("date_index"),
        pl.format("TX{}", pl.col("i")).alias(HEADER[2]),
        # A supplier is paid from one or two expense areas for one kind of thing, as in councils' real files.
        (((h // 11) % len(suppliers) + (h % 2)) % len(areas)).alias("area_index"),
        pl.lit(None, dtype=pl.String).alias(HEADER[4]),
        ((h // 11) % len(suppliers)).alias("supplier_index"),
        amount.alias(HEADER[6]),
        pl.lit(None, dtype=pl.String).alias(HEADER[7]),
        supplier.alias("redacted_name"),
        (((h // 11) % len(suppliers)) % len(EXPENSE_TYPES)).alias("type_index"),
        (((h // 11) % len(suppliers)) % len(PURPOSES)).alias("purpose_index"),
    )
    table = table.with_columns(
        forms["text"].gather(table["date_index"]).alias(HEADER[1]),
        area_list.gather(table["area_index"]).alias(HEADER[3]),
        pl.coalesce(pl.col("redacted_name"), supplier_list.gather(table["supplier_index"])).alias(HEADER[5]),
        pl.Series(EXPENSE_TYPES).gather(table["type_index"]).alias(HEADER[4]),
        pl.Series(PURPOSES).gather(table["purpose_index"]).alias(HEADER[7]),
    )
    # Stray spaces: one supplier name in seven has them around it.
    table = table.with_columns(
        pl.when(h % 7 == 3).then(pl.format("  {} ", pl.col(HEADER[5]))).otherwise(pl.col(HEADER[5])).alias(HEADER[5])
    ).select(HEADER)
    body_csv = table.write_csv(include_header=True)
    lines = [f"{title}\r\n", f"Published by {body}\r\n", "\r\n"]
    text = "".join(lines) + body_csv + ",,,,,,,\n" + f',,,Total,,,"£{rows:,}",\n'
    return b"\xef\xbb\xbf" + text.encode()
