"""`@record` behaves as the dataclasses it replaces do, for everything the code relies on."""

from __future__ import annotations

import pytest

from mentorlog.domain.records import MISSING, fields, record, replace, value


@record
class Point:
    x: int
    y: int = 0
    tags: list = value(factory=list)
    note: str | None = value(None, choices=("a", "b"))


@record(frozen=True)
class Pair:
    left: str
    right: str = "r"


@record
class Checked:
    text: str
    length: int = 0

    def __post_init__(self) -> None:
        self.length = len(self.text)


def test_positional_keyword_and_defaults():
    point = Point(1, tags=["t"])
    assert (point.x, point.y, point.tags, point.note) == (1, 0, ["t"], None)
    assert Point(x=2, y=3).y == 3


def test_each_instance_gets_a_fresh_factory_value():
    first, second = Point(1), Point(1)
    first.tags.append("mine")
    assert second.tags == []


def test_equality_repr_and_hash():
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1) != Pair("1")
    assert repr(Point(1)) == "Point(x=1, y=0, tags=[], note=None)"
    assert Point.__hash__ is None  # mutable, like a dataclass with eq
    assert hash(Pair("a")) == hash(Pair("a")) and {Pair("a"), Pair("a")} == {Pair("a")}


def test_frozen_refuses_changes():
    pair = Pair("a")
    with pytest.raises(AttributeError):
        pair.left = "b"
    with pytest.raises(AttributeError):
        del pair.right


def test_wrong_arguments_are_type_errors():
    with pytest.raises(TypeError, match="missing required argument 'x'"):
        Point()
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Point(1, z=2)
    with pytest.raises(TypeError, match="multiple values for 'x'"):
        Point(1, x=2)
    with pytest.raises(TypeError, match="positional"):
        Point(1, 2, [], None, "extra")


def test_fields_in_order_with_their_metadata():
    declared = fields(Point)
    assert [spec.name for spec in declared] == ["x", "y", "tags", "note"]
    assert declared[0].required and declared[0].default is MISSING
    assert declared[3].meta == {"choices": ("a", "b")} and declared[3].default is None
    assert declared[2].factory is list and not declared[2].required


def test_post_init_runs():
    assert Checked("four").length == 4


def test_a_mutable_default_is_refused():
    with pytest.raises(ValueError, match="mutable default"):
        @record
        class Shared:
            items: list = []  # noqa: RUF012


def test_a_record_extends_another_with_its_fields_first():
    @record
    class Tagged(Point):
        label: str = "none"

    tagged = Tagged(1, label="x")
    assert [spec.name for spec in fields(Tagged)] == ["x", "y", "tags", "note", "label"]
    assert (tagged.x, tagged.y, tagged.label) == (1, 0, "x") and tagged == Tagged(1, label="x")
    assert [spec.name for spec in fields(Point)] == ["x", "y", "tags", "note"]  # the base is unchanged


def test_replace_makes_a_changed_copy():
    pair = Pair("a", "b")
    assert replace(pair, right="c") == Pair("a", "c") and pair == Pair("a", "b")
    with pytest.raises(TypeError, match="unexpected keyword"):
        replace(pair, middle="x")
