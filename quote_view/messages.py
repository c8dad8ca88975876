"""Interface strings of one language and how a string is filled in.

A message is a string with ``{name}`` fields, or a dict of forms chosen by a number: CLDR plural
categories (``one``, ``few``, ``other``...) and exact values (``"=1"``, checked first, as in ICU
MessageFormat). The number is the ``count`` value; messages whose key starts with
``ordinal.`` choose by the language's ordinal rules ("1st", "2nd") instead of its cardinal ones.

>>> from quote_view.locale import EXAMPLE, Formatter, LocaleData
>>> msgs = Messages({"days": {"one": "{count} দিন", "other": "{count} দিন"},
...                  "ordinal.day": {"one": "{count}ম", "two": "{count}য়", "few": "{count}র্থ",
...                                  "many": "{count}ষ্ঠ", "other": "{count}তম"}},
...                 Formatter(LocaleData.from_json(EXAMPLE)))
>>> msgs.fill("days", count=3)
'৩ দিন'
>>> [msgs.fill("ordinal.day", count=n) for n in (1, 2, 4, 6, 11)]
['১ম', '২য়', '৪র্থ', '৬ষ্ঠ', '১১তম']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from quote_view.locale import Formatter

__all__ = ["FIELD", "MessageError", "Messages", "fields"]

FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Value = str | int


class MessageError(ValueError):
    """A message that does not exist, or that cannot be filled in with the values given."""


def fields(message: str | Mapping[str, str]) -> set[str]:
    """The ``{name}`` fields a message uses (all its forms together).

    >>> sorted(fields({"one": "{count} day of {plan}", "other": "{count} days"}))
    ['count', 'plan']
    """
    texts = [message] if isinstance(message, str) else list(message.values())
    return {name for text in texts for name in FIELD.findall(text)}


class Messages:
    """One language's messages (English filling in what the language lacks) and its formatter.

    Args:
        messages: key -> message, already merged with English by the loader.
        fmt: the language's :class:`~quote_view.locale.Formatter` (plural and ordinal rules, and
            the writing of ``count``).
    """

    __slots__ = ("messages", "fmt")

    def __init__(self, messages: Mapping[str, Any], fmt: Formatter) -> None:
        self.messages = messages
        self.fmt = fmt

    def __contains__(self, key: str) -> bool:
        return key in self.messages

    def form(self, key: str, count: Value | None) -> str:
        """The text of ``key`` for ``count``: its exact form, else its category's, else other."""
        try:
            message = self.messages[key]
        except KeyError:
            raise MessageError(f"no message {key!r}") from None
        if isinstance(message, str):
            return message
        if count is None:
            raise MessageError(f"message {key!r} has forms chosen by a count, but none was given")
        exact = message.get(f"={count}")
        if exact is not None:
            return str(exact)
        rules = self.fmt.ordinal if key.startswith("ordinal.") else self.fmt.plural
        return str(message.get(rules(count), message["other"]))

    def fill(self, key: str, **values: Value) -> str:
        """``key`` with its fields filled in; ``count`` is written in the language's digits.

        Raises:
            MessageError: no such key, or a field without a value.
        """
        count = values.get("count")
        text = self.form(key, count)
        shown = {name: str(value) for name, value in values.items()}
        if count is not None:
            shown["count"] = self.fmt.number(count)

        def field(match: re.Match[str]) -> str:
            try:
                return shown[match.group(1)]
            except KeyError:
                raise MessageError(
                    f"message {key!r} needs a value for {{{match.group(1)}}}"
                ) from None

        return FIELD.sub(field, text)

    def fill_known(self, key: str, **values: Value) -> str:
        """Like :meth:`fill`, but a field without a value stays visible as ``{name}``.

        For messages filled from an engine refusal's params: a field the engine did not send
        is shown rather than failing the whole page.
        """
        count = values.get("count")
        text = self.form(key, count)
        shown = {name: str(value) for name, value in values.items()}
        if count is not None:
            shown["count"] = self.fmt.number(count)
        return FIELD.sub(lambda m: shown.get(m.group(1), m.group(0)), text)
