"""Children's registration numbers: 8 random symbols and a check symbol, like « K7M-4QX-R2P ».

The alphabet has 29 symbols, a prime count, and leaves out those that are misread or misheard (0, 1, I,
L, O, U, Z). The check symbol makes the weighted sum of all nine symbols (weights 1…9) a multiple of 29:
a single wrong symbol changes the sum by w·d, and swapping two neighbours by (w₁−w₂)·d, neither of which
can be a multiple of the prime 29 — so every single typo and every swap of two neighbours is caught.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXY"
MODULUS = len(ALPHABET)  # 29, a prime
DATA_LENGTH = 8
VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}


class InvalidNumber(ValueError):
    """Why a typed number is not a registration number; `code` says which kind of mistake."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_symbol(data: str) -> str:
    """The symbol that completes `data` (8 symbols) into a valid number."""
    total = sum((weight + 1) * VALUES[symbol] for weight, symbol in enumerate(data))
    check_weight = len(data) + 1
    # Solve total + check_weight·c ≡ 0 (mod 29) with the modular inverse of the weight.
    value = (-total * pow(check_weight, -1, MODULUS)) % MODULUS
    return ALPHABET[value]


def generate() -> str:
    """A new random number, in its canonical form without separators."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return data + check_symbol(data)


def normalize(typed: str) -> str:
    """The canonical form of a typed number (upper case, no spaces or dashes); raises InvalidNumber."""
    compact = "".join(typed.split()).replace("-", "").upper()
    if len(compact) != DATA_LENGTH + 1:
        raise InvalidNumber("length")
    if any(symbol not in VALUES for symbol in compact):
        raise InvalidNumber("symbol")
    if check_symbol(compact[:DATA_LENGTH]) != compact[DATA_LENGTH]:
        raise InvalidNumber("check")
    return compact


def display(number: str) -> str:
    """« K7MQ4XR2P » shown as « K7M-4QX-R2P », easy to read out."""
    return "-".join(number[i : i + 3] for i in range(0, len(number), 3))
