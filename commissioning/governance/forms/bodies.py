"""Forms for bodies, membership and political balance, meetings, agendas, attendance and minutes."""

from __future__ import annotations
