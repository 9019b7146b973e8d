"""Path converters that keep crafted tokens and codes from reaching the database: an address
that does not have a token's or a code's form is simply not found."""


class TokenConverter:
    """`secrets.token_urlsafe(24)` gives 32 characters of A-Z a-z 0-9 - _ (the column holds 64)."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class JoinCodeConverter(TokenConverter):
    """A join code as people type it into an address: any case, with spaces or dashes."""

    regex = "[A-Za-z0-9 -]{1,40}"
