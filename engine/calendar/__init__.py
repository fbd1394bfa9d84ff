"""Calendar arithmetic for deadlines: English working days, with the bank holidays passed in (never looked up here)."""
