"""The placeholder parser: what is a placeholder, what is text, and the errors authors see."""

from __future__ import annotations

import pytest

from mkdocs_quote.plugins.quote.placeholders import SPECS, Placeholder, PlaceholderError, find, replace


def names(markdown: str) -> list[tuple[str, dict[str, str], int]]:
    return [(p.name, p.arguments, p.line) for p in find(markdown)]


def test_block_placeholder_with_arguments_in_order() -> None:
    found = find(
        'Intro\n\n{{ example product="dns" from="basic" to="start" cycle="monthly" day="15" }}\n'
    )
    assert [(p.name, p.args, p.line, p.indent) for p in found] == [
        (
            "example",
            (
                ("product", "dns"),
                ("from", "basic"),
                ("to", "start"),
                ("cycle", "monthly"),
                ("day", "15"),
            ),
            3,
            "",
        )
    ]


def test_inline_prices_in_a_sentence() -> None:
    text = (
        'Basic costs {{ price product="dns" plan="basic" cycle="monthly" }} and Start '
        '{{price product="dns" plan="start" cycle="monthly"}} a month.'
    )
    found = find(text)
    assert [(p.arguments["plan"], text[p.start : p.end][:8]) for p in found] == [
        ("basic", "{{ price"),
        ("start", "{{price "),
    ]


def test_indented_block_inside_an_admonition_keeps_its_indent() -> None:
    found = find('!!! example\n\n    {{ plans product="dns" }}\n')
    assert [(p.name, p.indent, p.line) for p in found] == [("plans", "    ", 3)]


@pytest.mark.parametrize(
    "markdown",
    [
        '```\n{{ plans product="dns" }}\n```',
        '~~~markdown\n{{ plans product="dns" }}\n~~~',
        '````md\n```\n{{ plans product="dns" }}\n```\n````',
        '!!! note\n\n    ```\n    {{ plans product="dns" }}\n    ```',
        'Write `{{ price product="dns" plan="basic" cycle="monthly" }}` inline.',
        'Write ``{{ price product="dns" plan="`basic`" cycle="monthly" }}`` inline.',
        '<!-- {{ plans product="dns" }} -->',
        '<!--\n{{ plans product="dns" }}\n-->',
        "Use `{{ nosuch }}` and ```{{ other }}```.",
    ],
    ids=[
        "backtick-fence",
        "tilde-fence",
        "longer-fence-holds-shorter",
        "fence-in-admonition",
        "inline-code",
        "double-backtick-code",
        "html-comment",
        "multiline-comment",
        "unknown-names-in-code",
    ],
)
def test_code_and_comments_are_text(markdown: str) -> None:
    assert find(markdown) == []


def test_text_after_a_closed_fence_is_scanned_again() -> None:
    markdown = '```\n{{ plans product="x" }}\n```\n\n{{ plans product="dns" }}\n'
    assert names(markdown) == [("plans", {"product": "dns"}, 5)]


def test_unmatched_backtick_does_not_hide_the_rest_of_the_line() -> None:
    markdown = 'A lone ` tick, then {{ price product="dns" plan="basic" cycle="monthly" }}'
    assert [p.name for p in find(markdown)] == ["price"]


def test_first_line_offsets_line_numbers() -> None:
    assert [p.line for p in find('\n{{ plans product="dns" }}', first_line=5)] == [6]


@pytest.mark.parametrize(
    ("markdown", "line", "message"),
    [
        (
            'ok\n\n{{ plan product="dns" }}',
            3,
            "unknown placeholder {{ plan }}: use one of estimator, example, plans, price",
        ),
        (
            '{{ plans product="dns" currrency="USD" }}',
            1,
            "{{ plans }}: unknown argument 'currrency' (allowed: currency, cycles, product)",
        ),
        (
            '{{ price product="dns" plan="basic" }}',
            1,
            "{{ price }}: missing required argument 'cycle'",
        ),
        (
            "{{ example }}",
            1,
            "{{ example }}: missing required arguments 'cycle', 'day', 'from', 'product'",
        ),
        (
            "{{ plans product=\u201cdns\u201d }}",
            1,
            "{{ plans }}: cannot read the arguments at 'product=\u201cdns\u201d' "
            "(use straight ASCII double quotes)",
        ),
        (
            "{{ plans product=dns }}",
            1,
            "{{ plans }}: cannot read the arguments at 'product=dns' "
            '(write arguments as key="value")',
        ),
        (
            '{{ plans product="dns" product="radio" }}',
            1,
            "{{ plans }}: argument 'product' is given twice",
        ),
        (
            'x\ny {{ plans product="dns"',
            2,
            "'{{' without a closing '}}': y {{ plans product=\"dns\"",
        ),
        (
            'See {{ plans product="dns" }} here',
            1,
            "{{ plans }} must stand alone on its own line",
        ),
        ("{{ }}", 1, "a placeholder needs a name after '{{'"),
    ],
    ids=[
        "unknown-name",
        "unknown-argument",
        "missing-argument",
        "missing-arguments",
        "smart-quotes",
        "unquoted",
        "duplicate",
        "unclosed",
        "block-inline",
        "no-name",
    ],
)
def test_errors_name_the_line_and_the_problem(markdown: str, line: int, message: str) -> None:
    with pytest.raises(PlaceholderError) as caught:
        find(markdown)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_every_spec_separates_required_and_optional() -> None:
    for name, spec in SPECS.items():
        assert not spec.required & spec.optional, name
    assert {n for n, s in SPECS.items() if s.block} == {"plans", "example", "estimator"}


def test_replace_gives_blocks_a_paragraph_of_their_own_and_prices_stay_inline() -> None:
    markdown = (
        "!!! tip\n"
        "    Before\n"
        '    {{ plans product="dns" }}\n'
        '    Pay {{ price product="dns" plan="basic" cycle="monthly" }} now.'
    )
    found = find(markdown, first_line=10)
    tokens = {p: f"T{i}" for i, p in enumerate(found)}
    assert replace(markdown, tokens, first_line=10) == (
        "!!! tip\n    Before\n\n    T0\n\n    Pay T1 now."
    )


def test_placeholders_are_values() -> None:
    p = find('{{ plans product="dns" }}')[0]
    assert isinstance(p, Placeholder)
    with pytest.raises(AttributeError):
        p.name = "price"  # type: ignore[misc]
