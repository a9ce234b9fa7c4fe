"""The one immutable-record base of rules/: slotted classes that behave like frozen dataclasses.

`dataclasses` imports `inspect`, which alone costs more than `llama-check`'s start-up budget, so records
are plain slotted classes on this base: keyword (or positional) construction with defaults, immutability,
equality and hashing by value, a readable repr, pickling and `match` by position.

A subclass lists its fields in `_fields` (constructor order) and `__slots__`; `_defaults` gives default
values (a callable default is a factory, e.g. `dict`); `_private` fields (caches) are left out of equality,
hashing and repr. A hot record may define its own `__init__` (setting fields with `object.__setattr__`),
and may override `_key` and `__hash__` to cache its key (see rules.names).
"""

from __future__ import annotations

from types import MappingProxyType

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


class Record:
    __slots__ = ()
    _fields: tuple[str, ...] = ()  # the slots, in constructor order
    _defaults: Mapping[str, Any] = MappingProxyType({})  # a callable default is a factory (dict, list)
    _private: tuple[str, ...] = ()  # fields left out of equality, hashing and repr (caches)
    __match_args__: tuple[str, ...] = ()

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "_fields" in cls.__dict__ and "__match_args__" not in cls.__dict__:
            cls.__match_args__ = tuple(n for n in cls._fields if n not in cls._private)  # type: ignore[misc]

    def __init__(self, *args: Any, **kw: Any) -> None:
        names = self._fields
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes {len(names)} arguments, got {len(args)}")
        kw.update(zip(names, args, strict=False))
        _set = object.__setattr__
        for name in names:
            if name in kw:
                _set(self, name, kw.pop(name))
            elif name in self._defaults:
                default = self._defaults[name]
                _set(self, name, default() if callable(default) else default)
            else:
                raise TypeError(f"{type(self).__name__}() missing argument {name!r}")
        if kw:
            raise TypeError(f"{type(self).__name__}() got an unexpected argument {next(iter(kw))!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self.__match_args__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={v!r}" for n, v in zip(self.__match_args__, self._key(), strict=True))
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), tuple((n, getattr(self, n)) for n in self._fields)))


def _rebuild(cls: type[Record], items: tuple[tuple[str, Any], ...]) -> Record:
    obj = cls.__new__(cls)
    for name, value in items:
        object.__setattr__(obj, name, value)
    return obj
