"""Staff users: argon2 hashes, authentication, roles, API tokens stored as hashes only."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from warning.core.users import (
    UserError,
    authenticate,
    create_user,
    issue_api_token,
    revoke_api_token,
    set_password,
    user_for_token,
)

PASSWORD = "a long enough password"


def test_it_stores_an_argon2_hash_and_never_the_password(session: Session) -> None:
    user = create_user(session, username="wang", password=PASSWORD, role="reviewer")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_it_authenticates_only_with_the_right_password(session: Session) -> None:
    create_user(session, username="wang", password=PASSWORD, role="reviewer")
    assert authenticate(session, "wang", PASSWORD) is not None
    assert authenticate(session, "WANG", PASSWORD) is not None  # usernames ignore case
    assert authenticate(session, "wang", PASSWORD + "x") is None
    assert authenticate(session, "nobody", PASSWORD) is None


def test_a_disabled_user_cannot_sign_in(session: Session) -> None:
    user = create_user(session, username="wang", password=PASSWORD, role="reviewer")
    user.active = False
    assert authenticate(session, "wang", PASSWORD) is None


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("wang", "short", "reviewer", "at least 10"),
        ("wang", PASSWORD, "boss", "unknown role"),
        ("two words", PASSWORD, "reviewer", "without spaces"),
        ("", PASSWORD, "reviewer", "without spaces"),
    ],
)
def test_it_refuses_bad_users(
    session: Session, username: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        create_user(session, username=username, password=password, role=role)


def test_it_refuses_a_second_user_with_the_same_name_in_another_case(session: Session) -> None:
    create_user(session, username="Wang", password=PASSWORD, role="reviewer")
    with pytest.raises(UserError, match="exists already"):
        create_user(session, username="wang", password=PASSWORD, role="expert")


def test_a_new_password_replaces_the_old_one(session: Session) -> None:
    user = create_user(session, username="wang", password=PASSWORD, role="reviewer")
    set_password(session, user, "another long password")
    assert authenticate(session, "wang", PASSWORD) is None
    assert authenticate(session, "wang", "another long password") is not None


def test_an_api_token_is_stored_as_its_hash_and_finds_its_user(session: Session) -> None:
    user = create_user(session, username="wang", password=PASSWORD, role="reviewer")
    token = issue_api_token(session, user)
    assert token.startswith("tbtw_") and token not in (user.api_token_hash or "")
    assert user_for_token(session, token) is user
    assert user_for_token(session, token + "x") is None
    assert user_for_token(session, "not-a-token") is None


def test_a_new_token_replaces_the_old_and_revoking_ends_it(session: Session) -> None:
    user = create_user(session, username="wang", password=PASSWORD, role="reviewer")
    first = issue_api_token(session, user)
    second = issue_api_token(session, user)
    assert user_for_token(session, first) is None
    assert user_for_token(session, second) is user
    revoke_api_token(session, user)
    assert user_for_token(session, second) is None


def test_a_disabled_users_token_stops_working(session: Session) -> None:
    user = create_user(session, username="wang", password=PASSWORD, role="reviewer")
    token = issue_api_token(session, user)
    user.active = False
    assert user_for_token(session, token) is None
