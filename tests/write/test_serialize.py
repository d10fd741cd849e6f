"""brief.json streamed into its file is byte for byte the text `dumps` gives."""

from __future__ import annotations

import enum
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.write import serialize
from briefing.write.serialize import dump, dumps

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _json, max_size=6), st.sampled_from([1, 7, 1 << 16]))
def test_dump_writes_the_bytes_dumps_gives(data: dict[str, Any], chunk: int) -> None:
    # A small chunk makes every piece its own write, as a large brief's would be.
    old, serialize._CHUNK = serialize._CHUNK, chunk
    try:
        out = io.BytesIO()
        dump(data, out)
    finally:
        serialize._CHUNK = old
    assert out.getvalue() == dumps(data).encode("utf-8")


def test_dump_writes_in_pieces() -> None:
    writes: list[int] = []

    class Counting(io.BytesIO):
        def write(self, b: Any) -> int:
            writes.append(len(b))
            return super().write(b)

    data = {"articles": [{"id": f"a{i:05d}", "reason": "sports results, not policy – “off topic”"} for i in range(5000)]}
    out = Counting()
    dump(data, out)
    assert out.getvalue() == dumps(data).encode("utf-8")
    assert len(writes) > 3 and max(writes) < len(out.getvalue()) // 2


class _Level(enum.IntEnum):
    HIGH = 3


class _Ratio(float):
    pass


_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text()
    | st.just(_Level.HIGH) | st.floats().map(_Ratio)
)
_keys = st.text(max_size=4) | st.integers() | st.floats() | st.booleans() | st.none()
_any_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _any_json, max_size=6))
def test_plain_containers_written_in_c_give_the_bytes_json_gives(data: dict[str, Any]) -> None:
    # NaN and the infinities, tuples, keys that are not strings, int and float
    # subclasses, empty and nested containers: what json.dumps(indent=2) writes.
    out = io.BytesIO()
    dump(data, out)
    assert out.getvalue() == (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_what_json_refuses_is_refused() -> None:
    for bad in ({"a": [object()]}, {"a": {(1, 2): 1, "b": [1]}}):
        with pytest.raises(TypeError):
            dump(bad, io.BytesIO())
    loop: list[Any] = [1]
    loop.append([loop])
    with pytest.raises(ValueError):
        dump({"a": loop}, io.BytesIO())
