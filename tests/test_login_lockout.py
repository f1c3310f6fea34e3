"""django-axes: 5 failed logins for a username from one address lock that pair
for 30 minutes; then it unlocks by itself."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from centers.roles import Role
from tests.factories import staff_user

PASSWORD = "correct horse battery staple"


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_username_for_thirty_minutes(db, client):
    staff_user(Role.STAFF, username="clerk")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _attempt in range(4):
            assert login(client, "clerk", "wrong").status_code == 200
        locked = login(client, "clerk", "wrong")
        assert locked.status_code == 429
        assert "登录失败次数过多" in locked.text
        # Locked: even the right password is refused now …
        assert login(client, "clerk", PASSWORD).status_code == 429
        # … but not from another address, nor for another username.
        assert login(client, "clerk", PASSWORD, address="10.0.0.2").status_code == 302

        traveller.move_to(start + timedelta(minutes=29))
        assert login(client, "clerk", PASSWORD).status_code == 429
        traveller.move_to(start + timedelta(minutes=31))
        assert login(client, "clerk", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count(db, client):
    staff_user(Role.STAFF, username="clerk")
    for _attempt in range(4):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        assert login(client, "clerk", "wrong").status_code == 200
