"""Sources: where report bytes come from (files, gzip, standard input, URLs later).

One public entry, :func:`read`, returns a :class:`RawInput`; every failure is an
:class:`newsledger.errors.InputError` naming the input.
"""

from newsledger.sources._read import MAX_BYTES, RawInput, read

__all__ = ["read", "RawInput", "MAX_BYTES"]
