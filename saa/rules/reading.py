"""Ids found while reading a plan's files, before any rule runs. They have no check of their own."""

from __future__ import annotations

from .base import Rule


class YamlSyntax(Rule):
    """The file is not valid YAML.

    A plan file must parse as YAML before anything in it can be checked, so
    nothing else of this file is reported until it does.

    Example: `02-network.yaml:14:5: error: mapping values are not allowed here
    [yaml-syntax]`. Fix the indentation or quote the text at that place (a
    colon followed by a space inside a text needs quotes).
    """

    ID = "yaml-syntax"
    KIND = "file"


class Encoding(Rule):
    """The file is not UTF-8 text.

    Plans are plain text kept in git; a binary file or another encoding cannot
    be read reliably.

    Example: `account.yaml:1:1: error: binary file, not YAML text [encoding]`.
    Save the file as UTF-8.
    """

    ID = "encoding"
    KIND = "file"


class Read(Rule):
    """The file cannot be read at all (a folder where a file is expected, no permission).

    Example: `02-network.yaml:1:1: error: cannot read: Permission denied
    [read]`. Make the path a readable file.
    """

    ID = "read"
    KIND = "file"


class TooLarge(Rule):
    """The file is far larger than any plan file: saa refuses to read it whole.

    Keeps `saa check` fast and bounded on whatever lands in a plan folder.

    Example: `08-opportunities.yaml:1:1: error: more than 200,000 values in one
    file [too-large]`. Split the plan, or remove what is not plan data.
    """

    ID = "too-large"
    KIND = "file"


class TooDeep(Rule):
    """Values nested deeper than any plan needs, usually an indentation slip.

    Example: `03-needs-kano.yaml:40:9: error: nested more than 64 levels deep;
    plans are shallow: check the indentation [too-deep]`.
    """

    ID = "too-deep"
    KIND = "file"


class DuplicateKey(Rule):
    """The same key twice in one mapping: YAML would silently keep only one of them.

    Example: `02-network.yaml:9:5: error: duplicate key 'role' (first written at
    line 7); keep one [duplicate-key]`. Delete the copy you do not mean.
    """

    ID = "duplicate-key"
    KIND = "file"


class YamlAnchor(Rule):
    """Anchors and aliases (`&name`, `*name`) are not used in plans.

    A plan is read by people in reviews and diffs; a value that lives elsewhere
    is easy to misread, and aliases can blow up in size.

    Example: `08-opportunities.yaml:12:14: error: anchors and aliases (&v, *v)
    are not allowed in plans; write the value out [yaml-anchor]`.
    """

    ID = "yaml-anchor"
    KIND = "file"


class YamlTag(Rule):
    """YAML tags (`!!str`, `!custom`) are not used in plans.

    Example: `account.yaml:3:10: error: YAML tags such as !!binary are not
    allowed in plans; remove it [yaml-tag]`.
    """

    ID = "yaml-tag"
    KIND = "file"


class MissingFile(Rule):
    """The plan folder has no `account.yaml`.

    `account.yaml` names the customer and the team; every other file is a
    step, and a missing step file is only a step not started.

    Example: `plans/acme/account.yaml:1:1: error: account.yaml is missing
    [missing-file]`. Run `saa new` or write the file.
    """

    ID = "missing-file"
    KIND = "file"


class EmptyFile(Rule):
    """A plan file exists but holds nothing (or only comments).

    An empty file says the step was started while nothing was written; a
    missing file says honestly that it was not.

    Example: `05-competition.yaml:1:1: error: the file is empty (or only
    comments) [empty-file]`. Fill it in or delete it.
    """

    ID = "empty-file"
    KIND = "file"


class UnknownFile(Rule):
    """A YAML file in a plan folder that is not one of the plan's files, so it is not read.

    Usually a misspelt file name: its content would silently be ignored.

    Example: `plans/acme/02-netwrok.yaml:1:1: warning: not a plan file, so it is
    not read; did you mean 02-network.yaml? [unknown-file]`. Rename it.
    """

    ID = "unknown-file"
    SEVERITY = "warning"
    KIND = "file"


class NotAFile(Rule):
    """Where a plan file should be there is something that is not a regular file: saa does not open it.

    A FIFO, a socket or a device would make every command hang or read
    forever, and a symlink to nothing has no content. They are reported at once
    and never read.

    Example: `plans/acme/02-network.yaml:1:1: error: a FIFO (named pipe), not a
    plan file; not read [not-a-file]`. Put the plan file itself there.
    """

    ID = "not-a-file"
    KIND = "file"


class SymlinkOutside(Rule):
    """A plan file is a symlink to a file outside the plan's repository (outside git: the plan folder).

    A link committed to git could otherwise make saa print the lines of any
    readable file on the machine (`/etc/shadow` on a CI runner) as findings on a
    pull request. The target is never read; the finding quotes at most a short,
    cleaned excerpt of the link.

    Example: `plans/acme/02-network.yaml:1:1: error: a symlink to a file outside
    the plan's repository (/etc/passwd); not read [symlink-outside]`. Replace the
    link with the file.
    """

    ID = "symlink-outside"
    KIND = "file"


class UnreadableFolder(Rule):
    """A folder below a checked path cannot be read, so plans in it may not have been checked.

    A portfolio with an unreadable plan folder must not pass as if it were
    all good.

    Example: `plans/acme:1:1: error: cannot read this folder (Permission
    denied); plans in it are not checked [unreadable-folder]`. Fix its
    permissions.
    """

    ID = "unreadable-folder"
    KIND = "file"


class SymlinkedFolder(Rule):
    """A folder below a checked path is a symlink: saa does not follow it.

    Following links could check a plan twice, loop, or leave the repository.
    An error when the link leads to a plan (that plan is not checked), a warning
    otherwise.

    Example: `plans/acme-link:1:1: error: a symlinked folder holding a plan; it is
    not followed, so the plan is not checked here [symlinked-folder]`. Check the
    real folder, or replace the link with it.
    """

    ID = "symlinked-folder"
    KIND = "file"


RULES = (YamlSyntax, Encoding, Read, TooLarge, TooDeep, DuplicateKey, YamlAnchor, YamlTag,
         MissingFile, EmptyFile, UnknownFile, NotAFile, SymlinkOutside, UnreadableFolder, SymlinkedFolder)
