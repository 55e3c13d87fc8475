"""Census reference tables (F8): ONS census tables imported as published, the
postcode lookup that places interviews in census areas, and crosswalks from a
form field's choices to a table's categories. Qt-free; the CLI is in ``commands``."""

from __future__ import annotations

#: Shown beside every census figure fieldkit shows, prints or exports (OGL v3 terms).
ATTRIBUTION = ("Source: Office for National Statistics licensed under the Open Government "
               "Licence v.3.0. Contains OS data © Crown copyright and database right.")

__all__ = ["ATTRIBUTION"]
