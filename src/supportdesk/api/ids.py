"""Row ids in requests: positive and within a 64-bit column. A larger number made the lookup
itself fail (SQLite: OverflowError, PostgreSQL: DataError), an HTTP 500 instead of a 422."""

from typing import Annotated

from pydantic import Field

RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]

# PostgreSQL refuses NUL in text (a query with one failed with a server error): no API string
# may carry it.
NO_NUL = r"^[^\x00]*$"
# The same, and something besides white space. (`\S` alone would accept one NUL.)
NOT_BLANK_NO_NUL = r"^[^\x00]*[^\x00\s][^\x00]*$"
