"""Complaint handling: the Ombudsman's code's deadlines, in English working days (holidays passed in)."""
