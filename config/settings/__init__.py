"""Split settings: base (shared), demo (one machine), test, production.

Choose one with DJANGO_SETTINGS_MODULE, e.g. ``config.settings.demo``.
"""
