from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commissioning.accounts"
    label = "accounts"
    verbose_name = "Accounts, councillors and wards"

    def ready(self) -> None:
        # Signing in keeps the time before as previous_login (the home page's "new since you last signed in").
        from commissioning.accounts import signals

        signals.connect()
