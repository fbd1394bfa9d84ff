"""Pages for the contract monitoring protocol: the protocol with its amendments and what comes to committee under it,
changing it, amending it for a service or a contract, and its history (issue 10). Thin."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from commissioning.core import generic
from commissioning.core.access import require
from commissioning.governance.actions import protocol as actions
from commissioning.governance.forms.protocol import AmendmentForm, ProtocolForm
from commissioning.governance.models import MonitoringProtocol, SignalKind
from commissioning.governance.selectors import protocol as selectors


def _get(request: HttpRequest, pk: int) -> MonitoringProtocol:
    """The protocol (there is one; another number is a 404)."""
    protocol = selectors.monitoring_protocol()
    if protocol.pk != pk:
        raise Http404
    return protocol


def _url(_record: object = None) -> str:
    return reverse("governance:monitoring-protocol")


def signal_label(value: str) -> str:
    return str(SignalKind(value).label) if value in SignalKind.values else value


def monitoring_protocol(request: HttpRequest) -> HttpResponse:
    require(request, "governance.view_monitoring_protocol")
    protocol = selectors.monitoring_protocol()
    amendments = list(selectors.protocol_amendments())
    contracts = selectors.contract_names({a.contract_id for a in amendments if a.contract_id})
    return render(
        request,
        "governance/protocol/detail.html",
        {
            "protocol": protocol,
            "amendments": amendments,
            "contracts": contracts,
            "signal_label": signal_label,
            "signal_names": lambda values: ", ".join(signal_label(value) for value in values),
            "triggers": selectors.protocol_triggers(),
        },
    )


monitoring_protocol_edit = generic.edit_view(
    _get,
    perm="governance.change_monitoring_protocol",
    form=ProtocolForm,
    form_kwargs=lambda request, protocol: {"protocol": protocol},
    act=lambda form, protocol, **kw: actions.monitoring_protocol_update(
        protocol=protocol, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda protocol, saved, **_: "The contract monitoring protocol has been changed.",
    to=_url,
    template="governance/protocol/form.html",
    context=lambda form, protocol: {"protocol": protocol},
)


monitoring_protocol_amend = generic.create_view(
    perm="governance.add_protocolamendment",
    form=AmendmentForm,
    act=lambda form, **kw: actions.protocol_amendment_create(details=form.details(), **kw),
    done=lambda amendment, **_: "The amendment to the protocol has been recorded.",
    to=_url,
    template="governance/protocol/amend.html",
    context=lambda form: {},
)

monitoring_protocol_history = generic.history_view(
    _get,
    perm="governance.view_monitoring_protocol_history",
    tabs="governance/protocol/_header.html",
    context=lambda protocol: {"protocol": protocol},
)
