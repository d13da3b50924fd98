from __future__ import annotations

import pytest
from sitrep_extract.extractor import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    # The real spaCy model and data files, loaded once for the whole session.
    return Extractor.load()
