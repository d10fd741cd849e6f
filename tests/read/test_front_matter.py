"""YAML front matter read as YAML (PyYAML `safe_load`): folded and literal scalars, lists
and people given as mappings mean what YAML says; the `Key: value` header stays."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from briefing.read.text import front_matter, read_header


def _fm(block: str, body: str = "Body of the story.\n") -> tuple[dict[str, str], str]:
    text = f"---\n{block}---\n{body}"
    fields, start, origin = read_header(text)
    assert origin == "front-matter"
    return fields, text[start:]


def test_folded_scalar_is_the_outlet_not_its_indicator() -> None:
    fields, body = _fm("title: Grain deal talks resume\nsource: >-\n  Northern Ledger\n  Weekly\n")
    assert fields["outlet"] == "Northern Ledger Weekly"
    assert fields["title"] == "Grain deal talks resume"
    assert body == "Body of the story.\n"


def test_literal_scalar_and_quoted_colon() -> None:
    fields, _ = _fm('title: "Port strike: day three"\nauthor: |\n  Ana Ruiz\n')
    assert fields == {"title": "Port strike: day three", "author": "Ana Ruiz"}


def test_authors_as_a_list_of_mappings_give_their_names() -> None:
    fields, _ = _fm("authors:\n  - name: Ana Ruiz\n    email: a@example.org\n  - name: Tom Okafor\n")
    assert fields["author"] == "Ana Ruiz, Tom Okafor"


def test_flow_and_block_lists_and_a_yaml_date() -> None:
    fields, _ = _fm("authors: [Ana Ruiz, Tom Okafor]\ndate: 2024-03-09\n")
    assert fields == {"author": "Ana Ruiz, Tom Okafor", "date": "2024-03-09"}
    fields, _ = _fm("by:\n  - Ana Ruiz\n  - Tom Okafor\n")
    assert fields == {"author": "Ana Ruiz, Tom Okafor"}


def test_unknown_keys_and_empty_values_are_ignored() -> None:
    fields, _ = _fm("layout: post\ntags: [trade]\ntitle:\nheadline: Quiet week at the ports\ndraft: false\n")
    assert fields == {"title": "Quiet week at the ports"}


def test_front_matter_that_is_not_yaml_is_read_as_key_value_lines() -> None:
    fields, _ = _fm("title: [Grain talks\nsource: Northern Ledger\n")
    assert fields == {"title": "[Grain talks", "outlet": "Northern Ledger"}


def test_the_key_value_header_is_still_read() -> None:
    fields, start, origin = read_header("Title: Grain deal talks resume\nSource: Northern Ledger\n\nBody.\n")
    assert origin == "header"
    assert fields == {"title": "Grain deal talks resume", "outlet": "Northern Ledger"}


_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40)


@given(title=_words.filter(lambda s: s.strip()), authors=st.lists(_words.filter(lambda s: s.strip()), min_size=1, max_size=4))
def test_whatever_yaml_writes_is_read_back(title: str, authors: list[str]) -> None:
    block = yaml.safe_dump({"title": title, "authors": authors}, allow_unicode=True, width=20)
    fields = front_matter(block)
    assert fields["title"] == " ".join(title.split())
    assert fields["author"] == ", ".join(" ".join(a.split()) for a in authors)
