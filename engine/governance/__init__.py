"""Arithmetic for the council's governance: the political balance of its committees."""
