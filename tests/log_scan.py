"""A pytest plugin: every log record the suite produces is checked for personal
data. A PRC ID number or a full mobile number in any log line fails the run."""

import logging
import re

import pytest

PERSONAL_DATA = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx]|1[3-9]\d{9})(?![\dA-Za-z])")


class Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.leaks: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        try:
            line = self.format(record)
        except Exception:
            return
        if PERSONAL_DATA.search(line):
            self.leaks.append(line[:300])


collector = Collector()


def pytest_sessionstart(session):
    logging.getLogger().addHandler(collector)


def pytest_sessionfinish(session, exitstatus):
    logging.getLogger().removeHandler(collector)
    if collector.leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line("Personal data found in the log output of the suite:", red=True)
        for line in collector.leaks[:20]:
            reporter.write_line(f"  {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
