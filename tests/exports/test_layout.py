"""Columns across form versions, and names for SPSS and Stata."""

from __future__ import annotations

from pathlib import Path

from fieldkit.exports.layout import build_layout
from fieldkit.exports.names import legal_names, sheet_names
from fieldkit.forms import load_form

V1 = """| survey |
| | type | name | label |
| | begin group | a | A |
| | text | moved | Moved |
| | select_multiple pets | pets | Pets |
| | end group | | |
| | integer | old_only | Old |
| | begin repeat | kid | Kid |
| | text | kid_name | Name |
| | end repeat | | |
| choices |
| | list_name | name | label |
| | pets | cat | Cat |
| | pets | dog | Dog |
| settings |
| | form_id | version |
| | f | 1 |
"""

V2 = """| survey |
| | type | name | label |
| | select_multiple pets | pets | Pets |
| | begin group | b | B |
| | text | moved | Moved |
| | end group | | |
| | text | new_one | New |
| | begin repeat | kid | Kid |
| | text | kid_name | Name |
| | end repeat | | |
| choices |
| | list_name | name | label |
| | pets | fish | Fish |
| | pets | dog | Dog |
| | pets | cat | Cat |
| settings |
| | form_id | version |
| | f | 2 |
"""


def test_union_of_versions_keeps_columns_by_name(tmp_path: Path) -> None:
    (tmp_path / "v1.md").write_text(V1, encoding="utf-8")
    (tmp_path / "v2.md").write_text(V2, encoding="utf-8")
    v1, v2 = load_form(tmp_path / "v1.md"), load_form(tmp_path / "v2.md")
    layout = build_layout("f", [(1, "1", v1), (2, "2", v2)])
    main = [c.name for c in layout.tables[0].columns if c.kind in ("field", "choice")]
    # v2's order, with old_only after the field it followed in v1 (pets).
    assert main == ["pets", "pets/cat", "pets/dog", "pets/fish", "old_only", "moved",
                    "new_one"]
    moved = main.index("moved") + 11  # KEY + 10 metadata columns
    assert layout.paths[1]["/data/a/moved"] == (0, moved)
    assert layout.paths[2]["/data/b/moved"] == (0, moved)  # same column after the move
    pets = next(c.field for c in layout.tables[0].columns if c.name == "pets")
    assert pets is not None
    # Numbers by first appearance from the oldest version: a new choice never renumbers.
    assert [(c.value, c.number) for c in pets.choices] == [("cat", 1), ("dog", 2), ("fish", 3)]
    assert [t.name for t in layout.tables] == ["f", "f-kid"]
    assert layout.tables[1].parent == "f"


def test_legal_names_are_unique_and_short() -> None:
    names = legal_names(["KEY", "pets/cat", "pets_cat", "in", "1st", "ناو", "x" * 40, "x" * 40],
                        first=[False, False, True, False, False, False, False, False])
    assert names[:6] == ["KEY", "pets_cat_2", "pets_cat", "in_", "v_1st", "nw"]
    assert len(set(n.lower() for n in names)) == len(names)
    assert all(len(n) <= 28 and n[0].isalpha() for n in names)
    assert sheet_names(["a/b", "x" * 40, "x" * 40]) == ["a_b", "x" * 31, "x" * 29 + "~2"]
