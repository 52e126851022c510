"""`@record`: classes of plain values, declared as dataclasses are, made without compiling code.

`dataclasses.dataclass` writes the source of an `__init__`, `__repr__` and `__eq__` for every class and
compiles it: about 0.4 ms a class. Twenty of them lie on the way to a command (the table rows, the
report's read model, the renderers' columns), which is 8 ms of every start, an eighth of the time it
takes Python to load Typer. `@record` builds the same methods as closures over the class's fields, in
a few microseconds a class; making an instance costs about a microsecond more than a dataclass's.

Fields are declared as for a dataclass: annotated class attributes in order, each with a default or
without one, or `value(...)` for a default made fresh for each instance (`factory=list`) and for what
other code reads about the field (`meta`, as `columns.stored` records the choices an import checks).
`fields(cls)` lists them. `frozen=True` makes instances read-only and hashable. `__post_init__` runs
after `__init__` when the class has one. A record may extend another: its fields come first.
"""

from __future__ import annotations

from typing import Any, Callable

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()


class Value:
    """One field of a record: its name and annotation (as written), its default or the factory that makes
    one, and its metadata."""

    __slots__ = ("name", "type", "default", "factory", "meta")

    def __init__(self, default: Any = MISSING, factory: Callable[[], Any] | None = None, meta: dict | None = None):
        self.name = self.type = ""
        self.default = default
        self.factory = factory
        self.meta = meta or {}

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.factory is None

    def __repr__(self) -> str:
        return f"Value({self.name!r}, default={self.default!r}, factory={self.factory!r}, meta={self.meta!r})"


def value(default: Any = MISSING, *, factory: Callable[[], Any] | None = None, **meta: Any) -> Any:
    """A field's default (or a factory for a fresh one per instance) and what other code reads about it."""
    if default is not MISSING and factory is not None:
        raise TypeError("a field takes a default or a factory, not both")
    return Value(default, factory, meta)


def fields(cls: type) -> tuple[Value, ...]:
    """The record's fields, in the order they are declared."""
    return cls.__record_fields__


def replace(instance: Any, **changes: Any) -> Any:
    """A copy of a record with some fields changed (as `dataclasses.replace`)."""
    current = {spec.name: getattr(instance, spec.name) for spec in fields(type(instance))}
    return type(instance)(**(current | changes))


def record(cls: type | None = None, *, frozen: bool = False):
    """Make `cls` a record: `@record`, or `@record(frozen=True)`."""
    if cls is None:
        return lambda cls: _make(cls, frozen)
    return _make(cls, frozen)


def _make(cls: type, frozen: bool) -> type:
    declared = _declare(cls)
    names = tuple(spec.name for spec in declared)
    known = frozenset(names)
    required = tuple(spec.name for spec in declared if spec.required)
    factories = tuple((spec.name, spec.factory) for spec in declared if spec.factory is not None)
    post_init = getattr(cls, "__post_init__", None)
    name = cls.__qualname__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{name}() takes {len(names)} positional arguments but {len(args)} were given")
        state = self.__dict__
        state.update(zip(names, args))
        if kwargs:
            if not known.issuperset(kwargs):
                raise TypeError(f"{name}() got an unexpected keyword argument {sorted(set(kwargs) - known)[0]!r}")
            if not state.keys().isdisjoint(kwargs):
                raise TypeError(f"{name}() got multiple values for {sorted(state.keys() & kwargs.keys())[0]!r}")
            state.update(kwargs)
        for field_name, factory in factories:
            if field_name not in state:
                state[field_name] = factory()
        if len(state) < len(names):
            missing = [field_name for field_name in required if field_name not in state]
            if missing:
                raise TypeError(f"{name}() missing required argument {missing[0]!r}")
        if post_init is not None:
            self.__post_init__()

    def __repr__(self) -> str:
        return f"{name}(" + ", ".join(f"{field_name}={getattr(self, field_name)!r}" for field_name in names) + ")"

    def values(self) -> tuple:
        return tuple(getattr(self, field_name) for field_name in names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) == values(other)

    cls.__init__ = __init__
    cls.__repr__ = __repr__
    cls.__eq__ = __eq__
    cls.__hash__ = (lambda self: hash(values(self))) if frozen else None
    if frozen:
        cls.__setattr__ = _read_only
        cls.__delattr__ = _read_only
    cls.__record_fields__ = declared
    return cls


def _declare(cls: type) -> tuple[Value, ...]:
    """The fields of the record it extends, if any, then each annotated attribute of its own; a plain
    default stays on the class, where instances that were not given the field find it."""
    declared = {spec.name: spec for spec in getattr(cls, "__record_fields__", ())}
    for field_name, annotation in cls.__dict__.get("__annotations__", {}).items():
        given = cls.__dict__.get(field_name, MISSING)
        if isinstance(given, (list, dict, set)):
            raise ValueError(f"{cls.__qualname__}.{field_name}: a mutable default is shared; use value(factory=...)")
        spec = given if isinstance(given, Value) else Value(given)
        spec.name, spec.type = field_name, str(annotation)
        if isinstance(given, Value):
            if spec.default is MISSING:
                delattr(cls, field_name)
            else:
                setattr(cls, field_name, spec.default)
        declared[field_name] = spec
    return tuple(declared.values())


def _read_only(self, *args: Any) -> None:
    raise AttributeError(f"{type(self).__qualname__} is frozen: its fields can't be changed")
