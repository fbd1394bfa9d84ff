from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "commissioning.finance"
    label = "finance"
    verbose_name = "Finance"

    def ready(self) -> None:
        # Budgets, the MTFS and savings (finance-savings): permissions, the service page's budget and savings
        # lines (the golden thread), and the savings lines an adopted business case option promises (core.hooks).
        from commissioning.core import hooks, thread
        from commissioning.finance import rules  # noqa: F401
        from commissioning.finance.actions_savings import savings_lines_from_adoption
        from commissioning.finance.thread_savings import finance_of_service

        thread.register("services.Service", finance_of_service)
        # Spend put to work (finance-spendlinks): a service's spend and unit cost, a contract's payments (a string
        # key: contracts is a sibling).
        from commissioning.finance.thread_spendlinks import spend_of_contract, spend_of_service

        thread.register("services.Service", spend_of_service)
        thread.register("contracts.Contract", spend_of_contract)
        # A procurement category's spend and savings (the places core.thread.CATEGORY_SPEND_KEY and
        # CATEGORY_SAVINGS_KEY on the contracts app's category page; the category hands over ids only).
        from commissioning.finance.thread_categories import savings_of_category, spend_of_category

        thread.register(thread.CATEGORY_SPEND_KEY, spend_of_category)
        thread.register(thread.CATEGORY_SAVINGS_KEY, savings_of_category)
        # A ward's place page (residents, core.thread.PLACE_KEY): spend on the services that serve the ward.
        from commissioning.finance.thread_places import spend_of_ward

        thread.register(thread.PLACE_KEY, spend_of_ward)
        hooks.register(hooks.BUSINESS_CASE_ADOPTED, savings_lines_from_adoption)
