from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site's shell: home page, navigation, council branding and the demo council loader.

    It sits in the top tier beside imports (commissioning/registry.py): it may import every app below it, and nothing
    imports it.
    """

    name = "commissioning.portal"
    label = "portal"
    verbose_name = "Portal"
