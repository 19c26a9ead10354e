"""Where a key is in a YAML text: the line behind a checker's key path.

The rule set checker names what is wrong by a key path (``criteria.SERIOUS.when.any[0].fact``,
``parameters.repeat_min_convictions.default``, ``tiers.P1.when``); a person editing the file
wants the line. :class:`YamlText` parses the text once into YAML nodes (which keep their
positions) and walks a key path through them: a name on a mapping is a key, ``[i]`` an item of a
list, and a name on a list is the item whose ``id`` is that name (rules and tiers are lists of
mappings with ids). The line is that of the deepest part of the path that exists, so a missing
key points at its parent.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from rules.errors import RuleIssue
from texts import coded

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class YamlSyntaxError(ValueError):
    """Text that is not YAML at all; ``line`` (1-based) is where the parser gave up.

    ``said`` is what went wrong for a person: a stored code (:func:`texts.coded`, said in the
    reader's language) for the parser's usual complaints, its own words for any other.
    """

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line
        self.said = _problem(message)


#: The YAML parser's usual complaints (its own English words) and their catalogue codes.
_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"mapping values are not allowed here"), "mapping_here"),
    (re.compile(r"expected <block end>, but found '(?P<bracket>[\]}])'"), "extra_bracket"),
    (re.compile(r"expected <block end>, but found .*"), "indentation"),
    (re.compile(r"expected ',' or '(?P<bracket>[\]}])', but got '<stream end>'"), "unclosed"),
    (re.compile(r"expected ',' or '(?P<bracket>[\]}])', but got .*"), "separator"),
    (re.compile(r"found unexpected end of stream"), "unexpected_end"),
    (re.compile(r"found character '\\t' that cannot start any token"), "tab"),
    (re.compile(r"found character '(?P<char>.+)' that cannot start any token"), "bad_start"),
    (re.compile(r"found undefined alias '(?P<name>.+)'"), "alias"),
    (re.compile(r"second occurrence"), "anchor_twice"),
    (re.compile(r"found unknown escape character '(?P<char>.+)'"), "escape"),
    (re.compile(r"expected '<document start>', but found .*"), "after_end"),
)


def _problem(message: str) -> str:
    for pattern, code in _PROBLEMS:
        match = pattern.fullmatch(message)
        if match:
            return coded(f"rulecheck.yaml.{code}", **match.groupdict())
    return message


@dataclass(frozen=True)
class YamlText:
    """A YAML text with its parsed value and the node tree that knows every position."""

    text: str
    value: Any
    root: yaml.Node | None
    #: Keys written twice in one mapping (key path, line of the second): YAML keeps the last
    #: value silently, so a rule set that says ``points:`` twice would lose the first unseen.
    duplicates: tuple[tuple[str, int], ...] = ()

    @classmethod
    def parse(cls, text: str) -> YamlText:
        """Parse ``text`` (safe YAML); :class:`YamlSyntaxError` with the line when it is not."""
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            value = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(error, "problem", None) or str(error)
            raise YamlSyntaxError(str(problem), line) from None
        return cls(text, value, root, tuple(_duplicates(root, "")) if root is not None else ())

    def line(self, path: str) -> int | None:
        """1-based line of the deepest existing part of ``path`` (``None``: not even the first)."""
        node = self.root
        found: int | None = None
        for name, index in _SEGMENT.findall(path):
            if node is None:
                break
            node, line = _child(node, name if name else int(index))
            if line is None:
                break
            found = line
        return found


def _duplicates(node: yaml.Node, path: str) -> Iterable[tuple[str, int]]:
    """Every key that a mapping in ``node`` names twice, with the path the checker would use."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            here = f"{path}.{key_node.value}" if path else key_node.value
            if key_node.value in seen:
                yield here, key_node.start_mark.line + 1
            seen.add(key_node.value)
            yield from _duplicates(value_node, here)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            name = _item_id(item)
            yield from _duplicates(item, f"{path}.{name}" if name else f"{path}[{position}]")


def _item_id(item: yaml.Node) -> str | None:
    """The ``id`` of a list item that is a mapping with one (rules and tiers), else ``None``."""
    if isinstance(item, yaml.MappingNode):
        for key_node, value_node in item.value:
            if (
                isinstance(key_node, yaml.ScalarNode)
                and key_node.value == "id"
                and isinstance(value_node, yaml.ScalarNode)
            ):
                return str(value_node.value)
    return None


def _child(node: yaml.Node, key: str | int) -> tuple[yaml.Node | None, int | None]:
    """The child ``key`` of a node and the line to show for it (the key's line in a mapping)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return value_node, key_node.start_mark.line + 1
        return None, None
    if isinstance(node, yaml.SequenceNode):
        if isinstance(key, int) or str(key).isdigit():
            position = int(key)
            if 0 <= position < len(node.value):
                item = node.value[position]
                return item, item.start_mark.line + 1
            return None, None
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                for key_node, value_node in item.value:
                    if (
                        isinstance(key_node, yaml.ScalarNode)
                        and key_node.value == "id"
                        and isinstance(value_node, yaml.ScalarNode)
                        and value_node.value == str(key)
                    ):
                        return item, item.start_mark.line + 1
        return None, None
    return None, None


def with_lines(issues: Iterable[RuleIssue], text: YamlText) -> list[RuleIssue]:
    """The issues with the line of their key in ``text`` (unchanged where none is found)."""
    return [dataclasses.replace(issue, line=text.line(issue.key)) for issue in issues]
