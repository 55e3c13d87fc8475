"""Census reference tables (F8): the models live in :mod:`fieldkit.store.models` (one
metadata, no import cycle); this module names them for the census package."""

from fieldkit.store.models import (
    CENSUS_CATEGORY_KINDS,
    CensusCategory,
    CensusCount,
    CensusCrosswalk,
    CensusPostcode,
    CensusTable,
)

__all__ = ["CENSUS_CATEGORY_KINDS", "CensusCategory", "CensusCount", "CensusCrosswalk",
           "CensusPostcode", "CensusTable"]
