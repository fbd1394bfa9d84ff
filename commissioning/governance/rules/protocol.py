"""Who may see and amend the contract monitoring protocol (issue 10, ADR 0035).

Everyone inside the council reads it and its amendments; scrutiny members (whose protocol it is) and democratic
services (who keep scrutiny's records) change it and amend it for a service or a contract. Administrators manage
users, not these records (as for the member involvement protocol). The public does not see it: what comes to committee
is published with the committee's agenda.
"""

from __future__ import annotations

import rules

from commissioning.core.permissions import is_democratic, is_internal, is_scrutiny

can_keep_protocol = is_scrutiny | is_democratic

rules.add_perm("governance.view_monitoring_protocol", is_internal)
rules.add_perm("governance.view_monitoring_protocol_history", is_internal)
rules.add_perm("governance.change_monitoring_protocol", can_keep_protocol)
rules.add_perm("governance.add_protocolamendment", can_keep_protocol)
rules.add_perm("governance.remove_protocolamendment", can_keep_protocol)
