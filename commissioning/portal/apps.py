from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site's shell: home page, navigation, council branding and the demo council loader.

    It sits above every other app (it may import them all); nothing imports it.
    """

    name = "commissioning.portal"
    label = "portal"
    verbose_name = "Portal"
