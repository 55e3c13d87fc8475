from __future__ import annotations

from datetime import date

from fieldkit.attendance.demo import seed_sessions
from fieldkit.attendance.matching import latin_key
from fieldkit.attendance.service import AttendanceService
from fieldkit.store import Store


def test_seeded_sessions_have_returning_people_with_other_spellings(
        store: Store, project_id: str, forms: dict[str, int]) -> None:
    result = seed_sessions(store, project_id, sessions=3, seed=4, first=date(2026, 1, 5),
                           attendees=(10, 14))
    service = AttendanceService(store, project_id)
    records = service.attendances()
    assert len(result.sessions) == 3 and len(records) == result.attendances
    figures = service.figures()
    assert figures.returning > 0 and figures.anonymous > 0
    assert figures.new + figures.returning + figures.anonymous == figures.attendances
    spellings: dict[str, set[str]] = {}
    for r in records:
        if r.person:
            spellings.setdefault(r.person, set()).add(r.name)
    varied = [names for names in spellings.values() if len(names) > 1]
    assert varied, "some returning person is written another way"
    assert any(latin_key(n) != n.lower() for names in varied for n in names)  # Cyrillic/diacritics
    # The same seed gives the same data.
    assert seed_sessions(store, project_id, sessions=1, seed=4, first=date(2026, 1, 5),
                         attendees=(10, 14)).attendances > 0
