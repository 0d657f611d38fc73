"""Organizations URL table. moto finds it beside the backend class (``models`` -> ``urls``)."""

from __future__ import annotations

from rehearsal.emulator.organizations.responses import OrganizationsResponse

url_bases = [r"https?://organizations\.(.+)\.amazonaws\.com"]

url_paths = {"{0}/$": OrganizationsResponse.dispatch}
