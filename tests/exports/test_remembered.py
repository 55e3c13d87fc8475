"""The Export tab's remembered choices, read back field by field."""

from __future__ import annotations

from fieldkit.exports.remembered import RememberedExport, read_remembered


def test_written_choices_read_back_the_same() -> None:
    choices = RememberedExport(format="sav", zip=True, personal="drop", choices="labels",
                               language="Polski (pl)", statuses=("finalized", "sent"),
                               path="/tmp/out.zip")
    assert read_remembered(choices.to_json()) == choices


def test_each_bad_field_is_skipped_alone() -> None:
    state = {"format": "pdf", "zip": "yes", "personal": "publish", "choices": 1,
             "language": "", "statuses": ["sent", {"x": 1}, "lost", "draft"],
             "path": "a\0b"}
    assert read_remembered(state) == RememberedExport(statuses=("draft", "sent"))
    assert read_remembered({"format": "csv", "statuses": "sent"}) == RememberedExport(
        format="csv")


def test_anything_but_an_object_remembers_nothing() -> None:
    for state in (None, [], "export", 3):
        assert read_remembered(state) == RememberedExport()
