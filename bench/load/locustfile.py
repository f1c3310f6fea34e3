"""The load test's users (locust), run by bench/load/run.py and bench/pg_restart.py.

A realistic mix, as the site is used: residents on their phones (the home page,
this week's activities, one activity, a sign-up through the real form, a repair
order's tracking page, now and then a repair order), a street leader reading the
dashboard and center staff on the admin's volunteer list, both logged in.

The requests come through loopback as nginx would pass them on: each user with
its own client address in X-Forwarded-For (rate limits count per address) and
X-Forwarded-Proto: https (the site redirects plain HTTP and sets Secure cookies).

What to request comes from the JSON file named by SANSHE_LOAD_DATA, written by
run.py from the database: upcoming occurrences with places, tracking codes, the
communities a repair service covers, and the logins. Other settings:

- SANSHE_LOAD_USER_RATE: tasks a second each user offers (default 1), so the
  offered rate is users × rate;
- SANSHE_LOAD_ONLY: with the user class `Solo`, the one endpoint it requests
  without pause (to find that page's own throughput), e.g. `home`;
- SANSHE_LOAD_LOG: a file where every request is written as a line (start time,
  name, status, and whether a 503 was our own page), for pg_restart.py.
"""

import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode

import gevent
from gevent.lock import Semaphore
from locust import FastHttpUser, constant, constant_throughput, events, task

DATA = json.loads(Path(os.environ["SANSHE_LOAD_DATA"]).read_text())
USER_RATE = float(os.environ.get("SANSHE_LOAD_USER_RATE", "1"))
ONLY = os.environ.get("SANSHE_LOAD_ONLY", "")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Words of our 503 page (templates/503.html), and of a page that must never be shown.
OUR_503 = "请稍后再试"
LEAKS = ("Traceback", "OperationalError", "psycopg")


# One login per username and locust process, its session shared by that role's users:
# a login costs a password hash (about a second of CPU), which would otherwise
# crowd out what is measured while the users start.
SESSIONS: dict[str, list] = {}
LOGIN_LOCKS: dict[str, Semaphore] = {}


def address() -> str:
    """A client address, as nginx passes it on (rate limits count per address)."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def phone() -> str:
    """A mobile number no one else in the run has (1 in a billion)."""
    return f"19{random.randrange(10**9):09d}"


class BehindHttpsProxy(DefaultCookiePolicy):
    """Send the site's Secure cookies over loopback, which stands for the HTTPS proxy."""

    def return_ok_secure(self, cookie, request):
        return True


class Site(FastHttpUser):
    abstract = True
    wait_time = constant_throughput(USER_RATE)
    spread = True  # start after a random part of the cycle (see on_start)
    login = ""  # the username, for a user that logs in
    landing = "/admin/"

    def on_start(self):
        self.headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": address()}
        self.origin = self.host.replace("http://", "https://", 1)
        self.client.cookiejar.set_policy(BehindHttpsProxy())
        if self.login:
            self.log_in(self.login)
        if self.spread:
            # Users start together; a random first pause spreads their requests over
            # their cycle, instead of all of them asking at the same instant.
            gevent.sleep(random.random() / USER_RATE)

    def get(self, path, name=None, **kwargs):
        return self.client.get(path, name=name or path, headers=self.headers, **kwargs)

    def post_form(self, path, form_page, fields, name):
        """POST a form as a browser does: with the page's CSRF token and its Referer."""
        token = CSRF.search(form_page.text or "")
        if token is None:
            return None
        body = urlencode({**fields, "csrfmiddlewaretoken": token.group(1)})
        headers = {
            **self.headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + path,
        }
        return self.client.post(
            path, data=body, headers=headers, name=name, catch_response=True, allow_redirects=False
        )

    def follow(self, response, expected, name):
        """Accept a POST answered by a redirect to `expected`, then GET that page."""
        location = response.headers.get("Location", "") if response.headers else ""
        if response.status_code == 302 and expected in location:
            response.success()
            self.get(location, name=name)
        elif response.status_code < 400:
            response.failure(f"not accepted: {response.status_code}, form shown again")

    def log_in(self, username):
        with LOGIN_LOCKS.setdefault(username, Semaphore()):
            if username not in SESSIONS:
                self.log_in_once(username)
                SESSIONS[username] = list(self.client.cookiejar)
                return
        for cookie in SESSIONS[username]:
            self.client.cookiejar.set_cookie(cookie)

    def log_in_once(self, username):
        page = self.get("/admin/login/", name="login page")
        fields = {"username": username, "password": DATA["password"], "next": self.landing}
        response = self.post_form("/admin/login/", page, fields, "login")
        if response is None:
            return
        with response:
            self.follow(response, self.landing, "login landing")

    # --- the endpoints ------------------------------------------------------------

    def home(self):
        self.get("/")

    def activities(self):
        self.get("/activities/")

    def activity(self):
        self.get(f"/activities/{random.choice(DATA['occurrences'])}/", name="/activities/[id]/")

    def new_resident(self):
        """Each form sent is another resident's, from another address: the site
        allows 20 sign-ups and 10 repair orders an hour per address."""
        self.headers = {**self.headers, "X-Forwarded-For": address()}

    def signup(self):
        self.new_resident()
        path = f"/activities/{random.choice(DATA['occurrences'])}/"
        page = self.get(path, name="/activities/[id]/ (sign-up form)")
        fields = {"name": "压测居民", "phone": phone(), "people": "1", "consent": "on"}
        response = self.post_form(path, page, fields, "/activities/[id]/ sign-up POST")
        if response is None:
            return
        with response:
            self.follow(response, "/activities/signup/", "/activities/signup/[token]/")

    def repair(self):
        self.get(f"/repairs/{random.choice(DATA['tracking_codes'])}/", name="/repairs/[code]/")

    def repair_order(self):
        self.new_resident()
        page = self.get("/repairs/new/")
        fields = {
            "name": "压测居民",
            "phone": phone(),
            "community": str(random.choice(DATA["repair_communities"])),
            "address": "1栋1单元101",
            "category": "plumbing",
            "description": "厨房水龙头漏水（压测）",
            "preferred_time": "",
            "consent": "on",
        }
        response = self.post_form("/repairs/new/", page, fields, "/repairs/new/ POST")
        if response is None:
            return
        with response:
            self.follow(response, "/repairs/", "/repairs/[code]/ (new order)")

    def logged_in_get(self, path):
        """A page for a logged-in user: a redirect (to the login) is a failure."""
        with self.get(path, catch_response=True, allow_redirects=False) as response:
            if response.status_code in (301, 302):
                response.failure(f"redirected to {response.headers.get('Location')}")

    def dashboard(self):
        self.logged_in_get("/dashboard/")

    def volunteers_admin(self):
        self.logged_in_get("/admin/volunteers/volunteer/")

    def hello(self):
        self.get("/bench/hello/")


class Resident(Site):
    weight = 16

    @task(30)
    def t_home(self):
        self.home()

    @task(20)
    def t_activities(self):
        self.activities()

    @task(15)
    def t_activity(self):
        self.activity()

    @task(3)
    def t_signup(self):
        self.signup()

    @task(10)
    def t_repair(self):
        self.repair()

    @task(1)
    def t_repair_order(self):
        self.repair_order()


class Leader(Site):
    weight = 2
    login = DATA["leader"]
    landing = "/dashboard/"

    @task
    def t_dashboard(self):
        self.dashboard()


class Staff(Site):
    weight = 2
    login = DATA["staff"]

    @task
    def t_volunteers(self):
        self.volunteers_admin()


class Hello(Site):
    """The bare view alone (`locust … Hello`; name it, as run.py does, or it joins the mix)."""

    @task
    def t_hello(self):
        self.hello()


# The login each solo endpoint needs.
SOLO_LOGIN = {"dashboard": "leader", "volunteers_admin": "staff"}


class Solo(Site):
    """One endpoint (SANSHE_LOAD_ONLY), without pause: that page's own throughput."""

    wait_time = constant(0)
    spread = False

    def on_start(self):
        if ONLY in SOLO_LOGIN:
            self.login = DATA[SOLO_LOGIN[ONLY]]
            self.landing = "/dashboard/" if ONLY == "dashboard" else "/admin/"
        super().on_start()

    @task
    def t_only(self):
        getattr(self, ONLY)()


# --- the request log (pg_restart.py) ---------------------------------------------

if os.environ.get("SANSHE_LOAD_LOG"):
    _log = open(os.environ["SANSHE_LOAD_LOG"], "a", buffering=1)  # noqa: SIM115

    @events.request.add_listener
    def _write(name, response, exception, start_time, response_time, **kwargs):
        status = getattr(response, "status_code", 0) or 0
        text = ""
        if status >= 500:
            text = getattr(response, "text", "") or ""
        kind = "ok" if 0 < status < 400 else "error"
        headers = getattr(response, "headers", None) or {}
        if (
            status == 503
            and OUR_503 in text
            and headers.get("Retry-After")
            and not any(leak in text for leak in LEAKS)
        ):
            kind = "our-503"
        elif status >= 500 and any(leak in text for leak in LEAKS):
            kind = "leak"
        _log.write(f"{start_time:.3f}\t{response_time:.0f}\t{name}\t{status}\t{kind}\n")
