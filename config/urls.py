from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("commissioning.portal.urls")),
    path("", include("commissioning.core.urls")),
    path("", include("commissioning.accounts.urls")),
    path("services/", include("commissioning.services.urls")),
    path("outcomes/", include("commissioning.outcomes.urls")),
    path("reviews/", include("commissioning.reviews.urls")),
    path("plan/", include("commissioning.reviews.plan_urls")),
    path("intelligence/", include("commissioning.intelligence.urls")),
    path("appraisals/", include("commissioning.appraisals.urls")),
    path("equality/", include("commissioning.appraisals.urls_equality")),
    path("governance/", include("commissioning.governance.urls")),
    path("finance/", include("commissioning.finance.urls")),
    path("contracts/", include("commissioning.contracts.urls")),
    path("", include("commissioning.residents.urls")),  # public: find a service, complain, places
    path("risks/", include("commissioning.risks.urls")),
    path("imports/", include("commissioning.imports.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "commissioning.core.views.permission_denied"
handler404 = "commissioning.core.views.page_not_found"
handler500 = "commissioning.core.views.server_error"
