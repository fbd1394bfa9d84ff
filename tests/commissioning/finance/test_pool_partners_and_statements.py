"""A pool's partners changed (added, edited, removed) with the pool's own share check, history and no lost update;
the statement per partner per quarter on the demo pool and its CSV download; a savings line's details changed with a
reason (finfinish)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import Organisation, User
from commissioning.core.concurrency import EditConflict, version_of
from commissioning.core.permissions import Role
from commissioning.finance import actions_pool_partners as partners
from commissioning.finance import actions_pools as act
from commissioning.finance import actions_savings_details as details_act
from commissioning.finance import selectors_pool_periods as periods
from commissioning.finance import selectors_pools
from commissioning.finance.demo_pools import BCF
from commissioning.finance.models import PooledFund, PoolPartner, PoolPayment, PoolSpend, SavingsLine
from tests import demo
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory

D = Decimal


def _pool() -> dict[str, Any]:
    council = OrganisationFactory(council=True)
    icb = OrganisationFactory(name="NHS Test Integrated Care Board", kind=Organisation.Kind.PARTNER)
    hospice = OrganisationFactory(name="Westfield Hospice", kind=Organisation.Kind.PARTNER)
    finance = UserFactory(role=Role.FINANCE)
    details = act.PoolDetails(
        name="Better Care Fund", host=council, manager=finance, method="percentage", purpose="", partners=[council, icb]
    )
    pool = act.pool_create(details=details, by=finance)
    ours, theirs = pool.partners.all()
    act.pool_update(pool=pool, details=details, shares={ours.pk: D(60), theirs.pk: D(40)}, by=finance)
    ours, theirs = pool.partners.all()  # as saved
    return {"pool": pool, "ours": ours, "theirs": theirs, "hospice": hospice, "icb": icb, "finance": finance}


@pytest.mark.django_db
def test_a_partner_added_past_100_per_cent_is_refused_by_the_pool_s_own_check_then_added_with_room_made() -> None:
    world = _pool()
    pool, ours, theirs, finance = world["pool"], world["ours"], world["theirs"], world["finance"]
    hospice = partners.PartnerDetails(organisation=world["hospice"], name="", share=D(10), contact_name="Sam Lee")
    with pytest.raises(ValidationError) as refused:
        partners.pool_partner_add(pool=pool, details=hospice, shares={}, by=finance)
    assert refused.value.message_dict == {"share": [act.SHARES_DO_NOT_ADD_UP.format(added="110")]}
    assert PoolPartner.objects.filter(pool=pool).count() == 2
    before = version_of(PooledFund.objects.get(pk=pool.pk))

    added = partners.pool_partner_add(pool=pool, details=hospice, shares={ours.pk: D(50)}, by=finance)
    assert (added.display_name, added.contact_name, added.position) == ("Westfield Hospice", "Sam Lee", 2)
    assert list(pool.partners.values_list("share", flat=True)) == [50, 40, 10]
    assert added.history.latest().history_change_reason == "Partner added"
    assert PoolPartner.objects.get(pk=ours.pk).history.latest().history_change_reason == (
        "Risk share changed: Partner added: Westfield Hospice"
    )
    assert PooledFund.history.filter(id=pool.pk).latest().history_change_reason == "Partner added: Westfield Hospice"
    # the pool's edit form opened before the partner came is refused, not saved over the new shares
    stale = act.PoolDetails(
        name=pool.name, host=pool.host, manager=pool.manager, method="percentage", purpose="", partners=[]
    )
    with pytest.raises(EditConflict):
        act.pool_update(pool=pool, details=stale, shares={ours.pk: D(60), theirs.pk: D(40)}, by=finance, version=before)

    with pytest.raises(ValidationError) as twice:
        partners.pool_partner_add(pool=pool, details=hospice, shares={}, by=finance)
    assert twice.value.message_dict == {
        "organisation": [partners.PARTNER_ALREADY_IN.format(organisation="Westfield Hospice")]
    }


@pytest.mark.django_db
def test_a_partner_is_changed_at_its_version_and_removed_only_without_contributions() -> None:
    world = _pool()
    pool, ours, theirs, finance = world["pool"], world["ours"], world["theirs"], world["finance"]
    loaded = version_of(theirs)
    renamed = partners.PartnerDetails(
        organisation=world["icb"], name="NHS ICB", share=D(30), contact_email="icb@example.org"
    )
    saved = partners.pool_partner_update(
        partner=theirs, details=renamed, shares={ours.pk: D(70)}, by=finance, version=loaded
    )
    assert (saved.display_name, saved.share, saved.contact_email) == ("NHS ICB", 30, "icb@example.org")
    with pytest.raises(EditConflict):
        partners.pool_partner_update(partner=theirs, details=renamed, shares={}, by=finance, version=loaded)

    act.pool_year_set(
        pool=pool, financial_year="2026/27", total=D(1000), within_pool=D(0), risk_reserve=D(0),
        contributions={ours.pk: D(700), theirs.pk: D(300)}, by=finance,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        partners.pool_partner_remove(
            partner=saved, reason="Left", shares={ours.pk: D(100)}, by=finance, version=version_of(saved)
        )
    assert refused.value.messages == [partners.PARTNER_HAS_CONTRIBUTIONS.format(name="NHS ICB", years="2026/27")]
    assert not PoolPartner.objects.get(pk=theirs.pk).is_archived

    hospice = partners.pool_partner_add(
        pool=pool,
        details=partners.PartnerDetails(organisation=world["hospice"], name="", share=D(0)),
        shares={},
        by=finance,
    )
    removed = partners.pool_partner_remove(
        partner=hospice, reason="Not joining after all", shares={}, by=finance, version=version_of(hospice)
    )
    assert removed.is_archived
    assert removed.history.latest().history_change_reason == "Removed from the pool: Not joining after all"
    assert [p.pk for p in selectors_pools.pool_detail(user=finance, pk=pool.pk).partners.all()] == [ours.pk, theirs.pk]
    hospice_user = UserFactory(role=Role.PARTNER, organisation=world["hospice"])
    assert not selectors_pools.visible_pools(user=hospice_user).exists()
    back = partners.pool_partner_add(
        pool=pool,
        details=partners.PartnerDetails(organisation=world["hospice"], name="", share=D(0)),
        shares={},
        by=finance,
    )
    assert back.pk == hospice.pk  # its old entry, with its history
    assert not back.is_archived
    assert back.history.latest().history_change_reason == "Partner added again"


@pytest.mark.django_db
def test_the_demo_pool_s_quarters_show_spend_and_payments_and_add_up_to_the_year(
    demo_district: demo.DemoCouncil,
) -> None:
    finance = User.objects.get(username="finance")
    pool = selectors_pools.pool_detail(user=finance, pk=PooledFund.objects.get(name=BCF).pk)
    this_year = pool.years.order_by("financial_year").first()  # the demo's this year (next year has no spend)
    assert this_year is not None
    quarters = [periods.period_statement(pool=pool, year=this_year, period=f"q{q}") for q in (1, 2, 3, 4)]
    year = periods.period_statement(pool=pool, year=this_year, period=periods.YEAR)
    assert sum(1 for q in quarters if q.spend_in_period) >= 2  # spend in at least two quarters
    paid_in = [q.paid_to_date - (quarters[i - 1].paid_to_date if i else 0) for i, q in enumerate(quarters)]
    assert sum(1 for amount in paid_in if amount) >= 2  # and contributions paid in at least two
    assert sum(q.spend_in_period for q in quarters) == year.spend_in_period
    spend = PoolSpend.objects.filter(pool=pool, financial_year=this_year.financial_year)
    assert year.spend_in_period == sum(spend.values_list("amount", flat=True))
    for i in range(2):
        assert sum(q.partners[i].due_in_period for q in quarters) == year.partners[i].contribution
    paid = sum(PoolPayment.objects.filter(partner__pool=pool).values_list("amount", flat=True))
    assert quarters[3].paid_to_date == year.paid_to_date == paid
    assert all(q.statement is not None for q in quarters)
    assert quarters[1].partners[0].paid_to_date == quarters[1].partners[0].due_to_date  # the council is up to date


@pytest.mark.django_db
def test_the_statement_downloads_as_csv_for_the_period_asked(demo_district: demo.DemoCouncil) -> None:
    client = Client()
    client.force_login(User.objects.get(username="partner"))
    pool = PooledFund.objects.get(name=BCF)
    year = pool.years.order_by("financial_year").first()
    assert year is not None
    path = reverse("finance:pool-statement-csv", args=[pool.pk])
    response = client.get(path, {"year": year.financial_year, "period": "q2"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Pool,Period,From,To,Partner")
    assert len(rows) == 3  # a row per partner
    assert f"{year.financial_year} Q2" in rows[1]
    page = client.get(reverse("finance:pool-statement", args=[pool.pk]), {"year": year.financial_year, "period": "q2"})
    assert f"Statement for {year.financial_year} Q2" in page.content.decode()
    assert "@media print" in page.content.decode()
    assert client.get(path, {"year": "1999/00"}).status_code == 404
    assert client.get(path, {"year": year.financial_year, "period": "q5"}).status_code == 404


@pytest.mark.django_db
def test_a_savings_line_s_details_change_with_a_reason_and_an_owner_of_the_council() -> None:
    director = UserFactory(role=Role.DIRECTOR)
    finance = UserFactory(role=Role.FINANCE)
    ours = DirectorateFactory(name="Adults", code="ADL", director=director)
    theirs = DirectorateFactory(name="Place", code="PLC")
    service, elsewhere = ServiceFactory(directorate=ours), ServiceFactory(directorate=theirs)
    owner = UserFactory(role=Role.OFFICER)
    line = SavingsLine.objects.create(
        reference="SAV-0001", title="Day services", owner=owner, directorate=ours, service=service, baseline=D(1)
    )

    def change(by: User, **changes: Any) -> SavingsLine:
        values = {"title": "Day opportunities", "owner": owner, "directorate": ours, "service": service,
                  "reason": "Renamed by the board", **changes}  # fmt: skip
        fresh = SavingsLine.objects.get(pk=line.pk)
        return details_act.savings_line_details_update(
            line=fresh, details=details_act.SavingsLineEdit(**values), by=by, version=version_of(fresh)
        )

    def refused(by: User, **changes: Any) -> dict[str, list[str]]:
        with pytest.raises(ValidationError) as error:
            change(by, **changes)
        return error.value.message_dict

    left = UserFactory(role=Role.OFFICER, is_active=False, first_name="Pat", last_name="Gone")
    councillor = UserFactory(role=Role.COUNCILLOR, first_name="Cllr", last_name="Jones")
    assert refused(finance, owner=left) == {"owner": [details_act.OWNER_NOT_OF_THE_COUNCIL.format(name="Pat Gone")]}
    assert refused(finance, owner=councillor) == {
        "owner": [details_act.OWNER_NOT_OF_THE_COUNCIL.format(name="Cllr Jones")]
    }
    assert refused(finance, reason=" ") == {"reason": [details_act.DETAILS_REASON_REQUIRED]}
    assert refused(director, directorate=theirs, service=elsewhere) == {
        "directorate": [details_act.DIRECTORATE_NOT_YOURS.format(directorate="Place")]
    }
    assert refused(finance, directorate=theirs) == {
        "service": [details_act.SERVICE_NOT_IN_DIRECTORATE.format(directorate="Place")]
    }
    assert SavingsLine.objects.get(pk=line.pk).title == "Day services"

    saved = change(director)
    assert saved.title == "Day opportunities"
    assert saved.history.latest().history_change_reason == "Details changed: Renamed by the board"
    moved = change(finance, directorate=theirs, service=elsewhere, owner=director, reason="Moved to Place")
    assert (moved.directorate, moved.service, moved.owner) == (theirs, elsewhere, director)
    with pytest.raises(EditConflict):
        details_act.savings_line_details_update(
            line=line,
            details=details_act.SavingsLineEdit("X", owner, ours, service, "Late"),
            by=finance,
            version=version_of(line),
        )
