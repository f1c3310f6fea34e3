"""Chinese at /, English at /en/, and a language switch on every page."""

from django.urls import reverse

from tests.conftest import client_for


def test_the_home_page_is_chinese_by_default(db, client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.text
    assert "我们的服务中心" in response.text


def test_the_english_home_page_is_under_en(db, client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Our service centers" in response.text


def test_every_public_page_has_the_language_switch(db, client):
    for url in ("/", "/en/", "/no-such-page/"):
        response = client.get(url)
        assert 'action="/i18n/setlang/"' in response.text, url
        assert 'value="en"' in response.text and 'value="zh-hans"' in response.text


def test_switching_to_english_keeps_the_page(db, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_the_admin_speaks_chinese_and_has_the_switch(world):
    response = client_for(world.staff_a).get(reverse("admin:index"))
    assert "站点管理" in response.text or "各中心的记录" in response.text
    assert 'action="/i18n/setlang/"' in response.text


def test_the_not_found_page_is_translated(db, client):
    assert "页面不存在" in client.get("/no-such-page/").text
    assert "Page not found" in client.get("/en/no-such-page/").text


def test_each_language_is_named_in_itself(db, client):
    for url in ("/", "/en/"):
        text = client.get(url).text
        assert ">简体中文</button>" in text and ">English</button>" in text, url


def test_each_language_button_carries_the_page_in_that_language(db, client):
    english = client.get("/en/").text
    assert '<input type="hidden" name="next" value="/">' in english
    chinese = client.get("/").text
    assert '<input type="hidden" name="next" value="/en/">' in chinese
