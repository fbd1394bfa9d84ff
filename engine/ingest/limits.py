"""How much an upload may hold. The defaults fit a council's largest realistic file with room to spare; the apps may
pass tighter ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 20 * 10**6  # the file as uploaded
    max_rows: int = 200_000  # rows of data, not counting the header and blank rows
    max_columns: int = 50  # cells in the header row
    max_blank_rows: int = 10_000  # blank rows (skipped, but they still cost time to read)
    max_unpacked_bytes: int = 200 * 10**6  # an .xlsx is a zip: every part unpacked, added up (100,000 rows: 20 MB)
    max_compression_ratio: int = 100  # unpacked over packed size of a part; real sheets 5-15, deflate bombs ~1,000
    ratio_applies_from: int = 10**6  # small parts (styles, themes) compress very well and do no harm
    max_zip_entries: int = 1_000  # parts inside an .xlsx; Excel writes a dozen or two

    @property
    def max_lines(self) -> int:
        """Every row the reader may go through: data, header and blank rows."""
        return self.max_rows + 1 + self.max_blank_rows


DEFAULT_LIMITS = Limits()
