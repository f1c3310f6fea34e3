"""The shared rate limit answers 429 (with Retry-After), per address and scope."""

import pytest
from django import forms
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from centers.forms import PublicForm
from centers.http import client_ip
from centers.ratelimit import rate_limit


@rate_limit("test-form", limit=3, seconds=60)
def submit(request):
    return HttpResponse("ok")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def post(address, **meta):
    return submit(RequestFactory().post("/", REMOTE_ADDR=address, **meta))


def test_it_lets_the_limit_through_then_answers_429(db):
    assert [post("10.0.0.1").status_code for _ in range(3)] == [200, 200, 200]
    refused = post("10.0.0.1")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "提交过于频繁" in refused.content.decode()


def test_other_addresses_are_counted_apart(db):
    for _ in range(4):
        post("10.0.0.1")
    assert post("10.0.0.2").status_code == 200


def test_page_views_are_not_counted(db):
    for _ in range(10):
        assert submit(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")).status_code == 200


def test_behind_the_proxy_the_last_forwarded_address_counts(settings):
    settings.BEHIND_HTTPS_PROXY = True
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.9.8.7"
    )
    assert client_ip(request) == "10.9.8.7"
    settings.BEHIND_HTTPS_PROXY = False
    assert client_ip(request) == "127.0.0.1"


class ExampleForm(PublicForm):
    name = forms.CharField(label="姓名", help_text="真实姓名")
    note = forms.CharField(label="备注", required=False)


def test_public_forms_show_errors_next_to_the_field():
    form = ExampleForm(data={"name": ""})
    html = str(form)
    assert 'class="field required has-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_error"' in html
    assert 'role="alert"' in html
