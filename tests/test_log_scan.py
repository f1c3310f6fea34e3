import logging

from tests.log_scan import PERSONAL_DATA, Collector


def test_it_finds_id_numbers_and_mobile_numbers():
    assert PERSONAL_DATA.search("applicant 51010219900307123X joined")
    assert PERSONAL_DATA.search("phone=13812341234&x=1")
    assert not PERSONAL_DATA.search("phone 138****1234, id 5101**********123X")
    assert not PERSONAL_DATA.search("order 2026112812345678901234 total")
    assert not PERSONAL_DATA.search("uuid 4e1f3a2b-13812341234f")


def test_the_collector_keeps_the_leaking_lines():
    collector = Collector()
    logger = logging.getLogger("sanshe.test.scan")
    logger.addHandler(collector)
    logger.propagate = False  # keep this deliberate leak away from the suite's own scan
    try:
        logger.warning("looked up %s", "13812341234")
        logger.warning("nothing personal here")
    finally:
        logger.removeHandler(collector)
    assert collector.leaks == ["sanshe.test.scan WARNING looked up 13812341234"]
