"""The dependency graph: loops are refused, and only dependants are recomputed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fieldkit.forms import Form, FormError, FormSession, load_form
from fieldkit.forms.session.plan import Computation, plan_for
from fieldkit.forms.session.tree import Element

Make = Callable[..., FormSession]


def test_cycle_is_reported_with_the_fields(load_md: Callable[..., Form]) -> None:
    form = load_md("""
| survey |
| | type | name | label | calculation |
| | calculate | a | | ${c} + 1 |
| | calculate | b | | ${a} + 1 |
| | calculate | c | | ${b} + 1 |
| | integer | ok | OK | |
""")
    with pytest.raises(FormError) as caught:
        FormSession(form)
    message = str(caught.value)
    assert "loop" in message
    for field in ("/data/a", "/data/b", "/data/c"):
        assert field in message
    assert "/data/ok" not in message


def test_relevance_loop_is_a_cycle_but_self_reference_is_not(load_md: Callable[..., Form]) -> None:
    looped = load_md("""
| survey |
| | type | name | label | relevant | calculation |
| | text | a | A | ${b} != '' | |
| | calculate | b | | | ${a} |
""")
    with pytest.raises(FormError, match="loop"):
        FormSession(looped)
    fine = load_md("""
| survey |
| | type | name | label | relevant | calculation |
| | begin group | g | G | ${x} != 'hide' | |
| | text | x | X | | |
| | end group | | | | |
| | calculate | stamp | | | once(today()) |
""")
    FormSession(fine)


def test_plan_is_built_once_per_form(load_md: Callable[..., Form]) -> None:
    form = load_md("""
| survey |
| | type | name | label |
| | text | a | A |
""")
    assert plan_for(form) is plan_for(form)


def _spy(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    original = FormSession._evaluate

    def spy(self: FormSession, comp: Computation, node: Element, result: str) -> Any:
        counts[f"{node.path}:{comp.kind}"] += 1
        return original(self, comp, node, result)

    monkeypatch.setattr(FormSession, "_evaluate", spy)
    return counts


FORM = """
| survey |
| | type | name | label | calculation | relevant | constraint |
| | integer | a | A | | | . > 0 |
| | calculate | a2 | | ${a} * 2 | | |
| | integer | b | B | | ${a2} > 4 | |
| | integer | c | C | | | . < 100 |
| | calculate | c2 | | ${c} + 1 | | |
| | begin repeat | r | R | | | |
| | integer | x | X | | | . >= 0 |
| | integer | y | Y | | ${x} > 1 | |
| | end repeat | | | | | |
| | calculate | total | | sum(${x}) | | |
"""


def test_only_dependants_are_recomputed(session_of: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    session = session_of(FORM)
    for _i in range(4):
        session.add_repeat("/data/r")
    counts = _spy(monkeypatch)
    session.answer("/data/a", 3)
    assert counts == Counter(
        {"/data/a:constraint": 1, "/data/a2:calculate": 1, "/data/b:relevant": 1}
    )
    counts.clear()
    session.answer("/data/c", 5)
    assert counts == Counter({"/data/c:constraint": 1, "/data/c2:calculate": 1})
    counts.clear()
    session.answer("/data/r[3]/x", 2)
    # Only instance 3's binds, and the sum over the repeat: not the other 4 instances.
    assert counts == Counter(
        {"/data/r[3]/x:constraint": 1, "/data/r[3]/y:relevant": 1, "/data/total:calculate": 1}
    )


def test_adding_and_removing_recompute_only_what_reads_the_repeat(
    session_of: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_of(FORM)
    for _i in range(20):
        session.add_repeat("/data/r")
    counts = _spy(monkeypatch)
    session.add_repeat("/data/r")
    # (x is empty, so its constraint needs no evaluation)
    assert counts == Counter({"/data/r[22]/y:relevant": 1, "/data/total:calculate": 1})
    counts.clear()
    session.remove_repeat("/data/r", 2)
    assert counts == Counter({"/data/total:calculate": 1})


def test_recompute_all_evaluates_everything(session_of: Make) -> None:
    session = session_of(FORM)
    for path, value in (("/data/a", 1), ("/data/c", 1), ("/data/r[1]/x", 1)):
        session.answer(path, value)
    before = session.evaluations
    session.recompute_all()
    # 5 top-level binds, 2 in the repeat instance (x constraint, y relevant),
    # the sum, and meta/instanceID's readonly="true()"
    assert session.evaluations - before == 5 + 2 + 1 + 1


ODK_DATA = Path(__file__).parent.parent / "data" / "odk"


def test_calculate_reading_itself_in_a_repeat_is_refused_at_load() -> None:
    # ODK Web Forms' simple-dag-cycle: calculate="../a + 1" on a inside a repeat
    # once made add_repeat() spin forever; JavaRosa refuses the form.
    form = load_form(ODK_DATA / "repeat-self-cycle.xml")
    with pytest.raises(FormError, match=r"loop: /data/rep/a \(calculate\) -> /data/rep/a"):
        FormSession(form)


def test_loop_message_names_the_loop_not_what_follows_it(load_md: Callable[..., Form]) -> None:
    form = load_md("""
| survey |
| | type | name | label | calculation |
| | calculate | a | | ${b} + 1 |
| | calculate | b | | ${a} + 1 |
| | calculate | after | | ${a} * 2 |
""")
    with pytest.raises(FormError) as caught:
        FormSession(form)
    message = str(caught.value)
    assert "/data/a (calculate) -> /data/b (calculate) -> /data/a" in message
    assert "/data/after" not in message


def test_repeat_until_a_condition_is_no_loop() -> None:
    # The idiom of JavaRosa's child-vaccination smoke test: jr:count from count()
    # of the repeat itself plus indexed-repeat() of its last instance.
    session = FormSession(load_form(ODK_DATA / "repeat-until.xml"))
    assert session.repeat_count("/data/rep") == 1
    session.answer("/data/rep[1]/name", "Ana")
    session.answer("/data/rep[1]/more", "yes")
    assert session.repeat_count("/data/rep") == 2
    session.answer("/data/rep[2]/name", "Bo")
    session.answer("/data/rep[2]/more", "no")
    assert session.repeat_count("/data/rep") == 2
    # position(current()/..) and local-name(..) read no answers: no loop, right values.
    assert session.value("/data/rep[2]/pos") == "2"
    assert session.value("/data/rep[2]/tag") == "rep"
    session.answer("/data/rep[1]/more", "no")  # not the last one: nothing changes
    assert session.repeat_count("/data/rep") == 2


def test_repeat_count_that_grows_without_end_is_refused(tmp_path: Path) -> None:
    text = (ODK_DATA / "repeat-until.xml").read_text(encoding="utf-8")
    start = text.index('calculate="if(')
    end = text.index('"/>', start)
    path = tmp_path / "runaway.xml"
    path.write_text(text[:start] + 'calculate="count(/data/rep) + 1' + text[end:], "utf-8")
    with pytest.raises(FormError, match="grows with every instance"):
        FormSession(load_form(path))


def test_a_count_that_starts_growing_after_an_answer_stops_within_the_change(
        tmp_path: Path) -> None:
    """README, differences: a repeat count that keeps growing because of its own
    instances stops after MAX_COUNT_FEEDBACK rounds within one change (the form
    starts, as its count does not grow until the answer)."""
    from fieldkit.forms.session.session import MAX_COUNT_FEEDBACK

    text = (ODK_DATA / "repeat-until.xml").read_text(encoding="utf-8")
    start = text.index('calculate="if(')
    end = text.index('"/>', start)
    text = (text[:start] + "calculate=\"if(/data/go = 'yes', count(/data/rep) + 1, 0)"
            + text[end:])
    text = text.replace("<rep_count/>", "<go/><rep_count/>").replace(
        "<h:body>", '<h:body><input ref="/data/go"><label>Go</label></input>')
    path = tmp_path / "grows-later.xml"
    path.write_text(text, "utf-8")
    session = FormSession(load_form(path))
    assert session.repeat_count("/data/rep") == 0
    session.answer("/data/go", "yes")  # returns: no endless loop
    assert session.repeat_count("/data/rep") == MAX_COUNT_FEEDBACK
    session.answer("/data/go", "no")
    assert session.repeat_count("/data/rep") == 0


def test_name_and_position_functions_do_not_read_descendants(
    load_md: Callable[..., Form],
) -> None:
    form = load_md("""
| survey |
| | type | name | label | calculation | relevant |
| | begin repeat | r | R | | |
| | text | x | X | | ${who} != '' |
| | calculate | who | | local-name(..) | |
| | calculate | pos | | position(current()/..) | |
| | end repeat | | | | |
""")
    session = FormSession(form)
    session.add_repeat("/data/r")
    assert session.value("/data/r[2]/who") == "r"
    assert session.value("/data/r[2]/pos") == "2"
    assert session.relevant("/data/r[2]/x")


def test_a_group_whose_relevance_reads_its_own_field_settles(
    load_md: Callable[..., Form],
) -> None:
    # Hiding the group hides x, whose value then reads as empty; JavaRosa does not
    # re-evaluate the relevance for that, and neither may fieldkit (it flipped for ever).
    form = load_md("""
| survey |
| | type | name | label | relevant |
| | begin group | g | G | ${x} != 'hide' |
| | text | x | X | |
| | end group | | | |
| | text | y | Y | |
""")
    session = FormSession(form)
    session.answer("/data/g/x", "hide")
    assert not session.relevant("/data/g/x")
    session.answer("/data/y", "still answerable")
    assert session.value("/data/y") == "still answerable"
