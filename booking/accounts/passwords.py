"""Passwords: argon2id hashes, checked in constant time whether or not the account exists."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2id with OWASP's recommended costs (19 MiB, 2 passes, 1 lane): 64 MiB per sign-in, the
# library default, would lift every web worker's peak memory by that much.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_dummy_hash: str | None = None


def configure_password_hashing(*, time_cost: int, memory_cost: int, parallelism: int) -> None:
    """Change the argon2id costs (tests use cheap ones; production keeps the defaults)."""
    global _hasher, _dummy_hash
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    _dummy_hash = None


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches the hash. With no hash (no such account) a dummy hash is
    checked, so the time taken reveals nothing."""
    global _dummy_hash
    if password_hash is None:
        _dummy_hash = _dummy_hash or hash_password("not a real password")
        password_hash = _dummy_hash
        password = password + "-no-account"
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other costs than today's."""
    return _hasher.check_needs_rehash(password_hash)
