"""One-page phases for bench/scale_out.py, built on the load test's users
(bench/load/locustfile.py, named by SANSHE_LOCUSTFILE): a street leader reading
the dashboard without pause, and residents signing up without pause. Used to
see which database server each kind of request reaches."""

import importlib.util
import os

from locust import constant, task

_spec = importlib.util.spec_from_file_location("sanshe_load", os.environ["SANSHE_LOCUSTFILE"])
_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_load)


class DashboardOnly(_load.Site):
    weight = 1
    wait_time = constant(0)
    login = _load.DATA["leader"]
    landing = "/dashboard/"

    @task
    def t_dashboard(self):
        self.dashboard()


class SignupOnly(_load.Site):
    weight = 1
    wait_time = constant(0)

    @task
    def t_signup(self):
        self.signup()
