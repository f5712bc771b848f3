"""Staff accounts: argon2 password hashes, roles, and API tokens stored only as their hash."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warning.core.db import User

ROLES = ("admin", "reviewer", "expert")
MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "tbtw_"

_hasher = PasswordHasher()
# Verified when the username is unknown, so a login takes as long for a missing user as for a
# wrong password and does not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("tbtwatch-timing-equaliser")


class UserError(ValueError):
    """A user cannot be created or changed as asked; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")


def _normal_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise UserError("a username is 1 to 100 characters without spaces")
    return name


def find_user(session: Session, username: str) -> User | None:
    wanted = username.strip().casefold()
    return session.scalars(select(User).where(func.lower(User.username) == wanted)).first()


def create_user(
    session: Session, *, username: str, password: str, role: str, language: str | None = None
) -> User:
    """Add a staff user (flushed, not committed). Raises UserError for a bad role, a short
    password or a username that exists already (compared without case)."""
    name = _normal_username(username)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    check_password_rules(password)
    if find_user(session, name) is not None:
        raise UserError(f"a user named {name!r} exists already")
    user = User(username=name, password_hash=hash_password(password), role=role, language=language)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    check_password_rules(password)
    user.password_hash = hash_password(password)
    session.flush()


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None (same cost either way)."""
    user = find_user(session, username)
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough (no dictionary to attack); a slow
    # one would make every API call pay for it.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_api_token(session: Session, user: User) -> str:
    """A new API token for `user`, replacing any earlier one. Only its hash is stored, so the
    caller must show the returned token now; it cannot be recovered later."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user.api_token_hash = _token_hash(token)
    session.flush()
    return token


def revoke_api_token(session: Session, user: User) -> None:
    user.api_token_hash = None
    session.flush()


def user_for_token(session: Session, token: str) -> User | None:
    """The active user holding this API token, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    user = session.scalars(select(User).where(User.api_token_hash == _token_hash(token))).first()
    return user if user is not None and user.active else None


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
