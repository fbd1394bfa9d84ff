"""The home page's tests use the ward intelligence tests' patch: a councillor, an officer, a director and a service."""

from tests.commissioning.intelligence.conftest import patch  # noqa: F401 (the fixture)
