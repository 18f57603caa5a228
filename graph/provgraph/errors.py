"""Every exception provgraph raises, in one place.

    ProvgraphError
     ├── InputError                 a file or record we were asked to read is unusable
     │    ├── EmptyInputError
     │    ├── BinaryInputError
     │    ├── EncodingError
     │    ├── MalformedJSONLError
     │    └── InputTooLargeError
     ├── ConfigError                a setting or option has a bad value
     ├── ShapeViolationError        a graph does not conform to ontology/shapes.ttl
     ├── StoreError                 a store could not be opened, read or written
     ├── OutputError                an output file could not be written (disk full, ...)
     └── QueryError
          ├── UnknownQueryError
          └── MissingParameterError

`cli.main` catches `ProvgraphError`, prints its message on one line and exits 1
(``EXIT_ERROR``); anything else is a bug, printed on one line too, with its traceback only
under ``--debug``. A batch that finished but could not read some inputs exits 3
(``EXIT_INPUTS_FAILED``). Messages name the thing, the reason and, where there is one,
the fix.
"""

from __future__ import annotations

__all__ = [
    "EXIT_ERROR",
    "EXIT_INPUTS_FAILED",
    "BinaryInputError",
    "ConfigError",
    "EmptyInputError",
    "EncodingError",
    "InputError",
    "InputTooLargeError",
    "MalformedJSONLError",
    "MissingParameterError",
    "OutputError",
    "ProvgraphError",
    "QueryError",
    "ShapeViolationError",
    "StoreError",
    "UnknownQueryError",
]


#: exit status of a command that failed as a whole (bad option, unreadable store, a bug)
EXIT_ERROR = 1
#: exit status of a batch (build, extract) that finished but skipped some inputs
EXIT_INPUTS_FAILED = 3


class ProvgraphError(Exception):
    """Base class of every error provgraph raises on purpose."""


class InputError(ProvgraphError):
    """An input file or record cannot be read; the batch records it and goes on."""


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class MalformedJSONLError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class ConfigError(ProvgraphError):
    pass


class ShapeViolationError(ProvgraphError):
    pass


class StoreError(ProvgraphError):
    pass


class OutputError(ProvgraphError):
    """An output file could not be written; the previous outputs are kept whole."""


class QueryError(ProvgraphError):
    pass


class UnknownQueryError(QueryError):
    pass


class MissingParameterError(QueryError):
    pass
