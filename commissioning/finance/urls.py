app_name = "finance"

urlpatterns: list = []  # the finance pages are added here
