"""Ids of the file format: each value is checked against docs/format.md while the plan loads.

They have no check of their own; the validator (saa/validate.py) reports them. A
value with such an error is left out of the typed plan, so the plan rules do not
report it again.
"""

from __future__ import annotations

from .base import Rule


class Type(Rule):
    """A value of the wrong shape: a list where a mapping goes, a text where a number goes...

    Example: `02-network.yaml:5:3: error: 'contacts' should be a list (lines
    starting with '- '), not a mapping [type]`.
    """

    ID = "type"
    KIND = "schema"


class UnknownKey(Rule):
    """A key the format does not have, usually a typo: its value would be ignored.

    Example: `02-network.yaml:8:5: error: unknown key 'relaton'; did you mean
    'relation'? [unknown-key]`. Fix the spelling or remove the key.
    """

    ID = "unknown-key"
    KIND = "schema"


class Required(Rule):
    """A required key is missing or has no value (a contact without name, an opportunity without id).

    Example: `08-opportunities.yaml:4:5: error: missing required key 'id'
    [required]`.
    """

    ID = "required"
    KIND = "schema"


class Slug(Rule):
    """An id that is not a short id of lowercase letters, digits and `-`.

    Ids are how files refer to each other (a capture plan names its opportunity).

    Example: `08-opportunities.yaml:3:9: error: 'id' should be a short id of
    lowercase letters, digits and - (like slurry-yield), not 'ADSL 2' [slug]`.
    """

    ID = "slug"
    KIND = "schema"


class Currency(Rule):
    """A currency that is not an ISO code (USD, EUR, GBP...).

    Example: `account.yaml:4:11: error: not a currency: 'dollars'; write an ISO
    code such as USD, EUR or GBP [currency]`.
    """

    ID = "currency"
    KIND = "schema"


class Range(Rule):
    """A number outside its allowed range: a score outside 1-5, a perception outside -2..2...

    Example: `10-challenge.yaml:12:23: error: score 7 is out of range: scores
    are 1-5 [range]`.
    """

    ID = "range"
    KIND = "schema"


class Enum(Rule):
    """A value that is not one of the allowed words (a role, a stage, a quadrant...).

    Example: `08-opportunities.yaml:7:12: error: 'stage' is 'propsal'; write one
    of: potential, concept, ... [enum]`.
    """

    ID = "enum"
    KIND = "schema"


class Money(Rule):
    """An amount of money that cannot be read (7M, $4.5M, 200k, EUR 30k are fine).

    A foreign currency needs its rate in `settings.fx` of account.yaml.

    Example: `08-opportunities.yaml:5:12: error: no exchange rate for GBP; add
    it to settings.fx in account.yaml [money]`.
    """

    ID = "money"
    KIND = "schema"


class Percent(Rule):
    """A percentage or probability that cannot be read (95%, 0.95 are fine).

    Example: `08-opportunities.yaml:6:18: error: probability 150% is more than
    100% [percent]`.
    """

    ID = "percent"
    KIND = "schema"


class Date(Rule):
    """A date that cannot be read (2026-10-15, 2026-10 or 2026-Q4 are fine).

    Example: `account.yaml:9:11: error: not a date: '15/10/2026'; write
    2026-10-15 [date]`.
    """

    ID = "date"
    KIND = "schema"


class Relation(Rule):
    """A relation score that is not `--`, `-`, `0`, `+`, `++` (quoted) or -2..2.

    Example: `02-network.yaml:9:15: error: not a relation score [relation]`.
    Quote it: an unquoted `-` starts a YAML list.
    """

    ID = "relation"
    KIND = "schema"


class Frequency(Rule):
    """A meeting frequency that cannot be read (15/year, 1-2/year, 2/month, weekly are fine).

    Example: `02-network.yaml:11:24: error: not a frequency: 'often' [frequency]`.
    """

    ID = "frequency"
    KIND = "schema"


class ActionForm(Rule):
    """An action that cannot be read: a due date, status or owner in the wrong form.

    An action is a sentence, or `{do, owner, due, status}` with status open,
    done or dropped.

    Example: `09-capture-plans.yaml:14:16: error: status 'finished' is not one
    of open, done, dropped [action]`.
    """

    ID = "action"
    KIND = "schema"


RULES = (Type, UnknownKey, Required, Slug, Currency, Range, Enum, Money, Percent, Date, Relation, Frequency, ActionForm)
