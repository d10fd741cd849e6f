"""brief.json streamed into its file is byte for byte the text `dumps` gives."""

from __future__ import annotations

import io
from typing import Any

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
