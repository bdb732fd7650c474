"""The search box's language (design §7), parsed into a small tree of query parts.

Nothing here knows Whoosh or SQL: ``search`` translates text parts to Whoosh queries and
filters to parameterised SQL. A query that cannot be parsed never raises: it is searched as
plain words, and ``ParsedQuery.error`` says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papershelf.core.conditions import (
    BadValue,
    Condition,
    condition,
)

TEXT_FIELDS = {
    "title": "title",
    "abstract": "abstract",
    "author": "authors",
    "authors": "authors",
    "venue": "venue",
    "note": "note",
}
FILTERS = {"tag", "is", "has", "year", "added", "read", "id", "doi"}
SORTS = ("relevance", "added", "year", "title")


@dataclass(frozen=True)
class Text:
    """Words to find in the text: a word, a phrase, a prefix (``retriev*``) or fuzzy (``~``)."""

    value: str
    field: str | None = None
    kind: str = "word"  # word | phrase | prefix | fuzzy
    distance: int = 1


@dataclass(frozen=True)
class Filter:
    """A condition on what SQLite holds: ``tag:``, ``is:``, ``has:``, ``year:``, ``added:``...

    ``condition`` is the value parsed (``core.conditions``), which writes the SQL; a value
    that makes no sense has none, and ``problem`` says why.
    """

    name: str
    value: str
    condition: Condition | None = field(default=None, compare=False)
    problem: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class And:
    """Every part matches."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any part matches."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The part does not match."""

    part: Node


Node = Text | Filter | And | Or | Not


@dataclass
class ParsedQuery:
    """The tree (None for an empty query), the requested order, and any parse problem.

    ``open_word``: the text ends in a plain word (no space after it), the one a person may
    still be typing; it is the tree's last text part.
    """

    tree: Node | None
    sort: str | None = None
    error: str | None = None
    words: list[str] = field(default_factory=list)
    open_word: bool = False


class QuerySyntaxError(ValueError):
    """Raised inside the parser; ``parse`` turns it into ``ParsedQuery.error``."""


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<lpar>\() | (?P<rpar>\)) |
      (?P<gneg>-)?(?P<gfield>[A-Za-z]+):(?=\() |
      (?P<neg>-)?(?P<field>[A-Za-z]+):(?:"(?P<fphrase>[^"]*)"?|(?P<fvalue>[^\s()"]+)) |
      (?P<pneg>-)?"(?P<phrase>[^"]*)"? |
      (?P<wneg>-)?(?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)


def parse(text: str) -> ParsedQuery:
    """Parse the search box's text; never raises."""
    tokens = _tokens(text)
    sort = None
    kept = []
    for token in tokens:
        if isinstance(token, Filter) and token.name == "sort":
            sort = token.value if token.value in SORTS else None
        else:
            kept.append(token)
    words = [t.value for t in kept if isinstance(t, Text)]
    last = kept[-1] if kept else None
    open_word = isinstance(last, Text) and last.kind == "word" and not text[-1:].isspace()
    try:
        parser = _Parser(kept)
        tree = parser.parse()
        problems: list[str] = []
        checked = _without_bad_values(tree, problems)
        if problems and checked is not None:  # the rest of the query still runs
            error = f"{problems[0]}; searched without it."
            return ParsedQuery(checked, sort, error, words, open_word)
        _validate(tree)
        return ParsedQuery(tree, sort, None, words, open_word)
    except QuerySyntaxError as exc:
        plain = [Text(w) for w in re.findall(r"[^\s()\"]+", text) if not w.startswith("sort:")]
        tree = plain[0] if len(plain) == 1 else And(tuple(plain)) if plain else None
        return ParsedQuery(
            tree, sort, f"{exc}; searching the words as typed.", [t.value for t in plain]
        )


def _tokens(text: str) -> list[object]:
    tokens: list[object] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
        groups = match.groupdict()
        if groups["lpar"] or groups["rpar"]:
            tokens.append(groups["lpar"] or groups["rpar"])
        elif groups["gfield"] is not None:
            name = groups["gfield"].lower()
            if name in TEXT_FIELDS or name in FILTERS - {"sort"}:
                tokens.append(_FieldGroup(name, bool(groups["gneg"])))
            else:  # not a field we know: the word as typed, then the group as words
                tokens.append(_word_token(f"{groups['gfield']}:", groups["gneg"]))
        elif groups["field"] is not None:
            tokens.extend(_field_token(groups))
        elif groups["phrase"] is not None:
            if groups["phrase"].strip():
                tokens.append(
                    _negate(groups["pneg"], Text(groups["phrase"].strip(), kind="phrase"))
                )
        else:
            tokens.append(_word_token(groups["word"], groups["wneg"]))
    return tokens


def _field_token(groups: dict[str, str | None]) -> list[object]:
    name = (groups["field"] or "").lower()
    phrase, value = groups["fphrase"], groups["fvalue"]
    raw = phrase if phrase is not None else value or ""
    if name == "sort":
        return [Filter("sort", raw.lower())]
    if name in TEXT_FIELDS:
        if phrase is not None:
            return [_negate(groups["neg"], Text(raw, TEXT_FIELDS[name], "phrase"))]
        # The value is a word to find, even "and" or "or" (``title:or``), never an operator.
        return [_negate(groups["neg"], _with_field(_word(raw), TEXT_FIELDS[name]))]
    if name in FILTERS:
        value = raw.strip() if name == "tag" else raw.strip().lower()
        try:
            made = Filter(name, value, condition(name, value))
        except BadValue as exc:
            made = Filter(name, value, problem=str(exc))
        return [_negate(groups["neg"], made)]
    # Not a field we know ("Note:" in a pasted title, "http:"): the words themselves.
    word = f"{groups['field']}:{raw}"
    return [_word_token(word, groups["neg"])]


@dataclass(frozen=True)
class _FieldGroup:
    """``title:(`` or ``tag:(``: the field of every word of the group that follows."""

    name: str
    negated: bool


def _grouped(node: Node, name: str) -> Node:
    """The group's words searched in the field ``name`` (``title:(a OR b)``), or as that
    filter's values (``tag:(rag OR llm)``); filters written inside keep their own names."""
    if isinstance(node, And | Or):
        return type(node)(tuple(_grouped(part, name) for part in node.parts))
    if isinstance(node, Not):
        return Not(_grouped(node.part, name))
    if not isinstance(node, Text):
        return node
    if name in TEXT_FIELDS:
        return Text(node.value, TEXT_FIELDS[name], node.kind, node.distance)
    value = node.value.strip() if name == "tag" else node.value.strip().lower()
    try:
        return Filter(name, value, condition(name, value))
    except BadValue as exc:
        return Filter(name, value, problem=str(exc))


def _with_field(node: Text, name: str) -> Text:
    return Text(node.value, name, node.kind, node.distance)


def _word_token(word: str, neg: str | None) -> object:
    upper = word.upper()
    if not neg and upper in ("AND", "OR", "NOT"):
        return upper
    return _negate(neg, _word(word))


def _word(word: str) -> Text:
    """A word as typed: fuzzy (``retreival~``), a prefix (``retriev*``) or plain."""
    fuzzy = re.fullmatch(r"(.+?)~([12])?", word)
    if fuzzy and fuzzy.group(1):
        return Text(fuzzy.group(1), kind="fuzzy", distance=int(fuzzy.group(2) or 2))
    if word.endswith("*") and len(word) > 1:
        return Text(word.rstrip("*"), kind="prefix")
    return Text(word)


def _negate(neg: str | None, node: Node) -> Node:
    return Not(node) if neg else node


MAX_DEPTH = 100  # no one types deeper; Python's stack would not take thousands


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary (AND? unary)*; unary := NOT unary."""

    def __init__(self, tokens: list[object]):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0  # of unary() calls open: nesting of "(" and NOT

    def peek(self) -> object:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> object:
        token = self.peek()
        self.pos += 1
        return token

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr()
        if self.peek() is not None:
            raise QuerySyntaxError("a closing parenthesis has no opening one")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.unary()]
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:  # every step after parsing walks the tree recursively
            raise QuerySyntaxError(f"parentheses and NOTs are nested more than {MAX_DEPTH} deep")
        try:
            return self._unary()
        finally:
            self.depth -= 1

    def _unary(self) -> Node:
        token = self.take()
        if token == "NOT":
            return Not(self.unary())
        if token == "(":
            node = self.or_expr()
            if self.take() != ")":
                raise QuerySyntaxError("an opening parenthesis is not closed")
            return node
        if isinstance(token, _FieldGroup):
            self.take()  # its "(" (the token was only made before one)
            node = self.or_expr()
            if self.take() != ")":
                raise QuerySyntaxError("an opening parenthesis is not closed")
            return _negate("-" if token.negated else None, _grouped(node, token.name))
        if token is None or token in (")", "AND", "OR"):
            raise QuerySyntaxError(f"{token or 'the end'} cannot stand there")
        assert isinstance(token, (Text, Filter, Not))
        return token


def _without_bad_values(node: Node | None, problems: list[str]) -> Node | None:
    """The tree without the filters whose values make no sense (each said in ``problems``);
    None when nothing is left."""
    if node is None:
        return None
    if isinstance(node, (And, Or)):
        parts = tuple(
            kept for part in node.parts if (kept := _without_bad_values(part, problems)) is not None
        )
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(node)(parts)
    if isinstance(node, Not):
        part = _without_bad_values(node.part, problems)
        return None if part is None else Not(part)
    if isinstance(node, Filter):
        try:
            _validate(node)
        except QuerySyntaxError as exc:
            problems.append(str(exc))
            return None
    return node


def _validate(node: Node | None) -> None:
    """Refuse filters whose values make no sense, so the box can say why."""
    if isinstance(node, (And, Or)):
        for part in node.parts:
            _validate(part)
    elif isinstance(node, Not):
        _validate(node.part)
    elif isinstance(node, Filter) and node.problem:
        raise QuerySyntaxError(node.problem)
