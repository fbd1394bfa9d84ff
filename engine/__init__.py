"""Pure Python calculations for the commissioning platform.

Rules: no Django, no import of the apps; frozen dataclasses or plain values in and out. The apps call in through
one bridge module each. An import-linter contract and a test enforce this.
"""
