"""The pre-tagger's own process: same results as in-process, one thread, survives failures."""

import os
import signal
import threading
import time

import pytest

from apps.nlp.knowledge import NO_KNOWLEDGE, Knowledge, RegistryName
from apps.nlp.pipeline import pretag_texts
from apps.nlp.tagger_process import TaggerError, TaggerProcess

TEXT = (
    "Amara Okafor, who runs the Lagos Port Authority, spoke on Monday.\n\n"
    "“The cranes are idle,” she said. Port workers said the strike would go on.\n\n"
    "“We will not move until the pay is fixed,” said Tunde Bello, a union leader."
)
TAUGHT = Knowledge(
    registry=(RegistryName(id=7, name="Harbour Watch", label="ORG", aliases=("HW",)),),
    confirmed_labels={"lagos port authority": "ORG"},
)
TAUGHT_TEXT = "Harbour Watch counted the ships. HW said the port was full.\n\n" + TEXT


@pytest.fixture(scope="module")
def tagger():
    process = TaggerProcess()
    yield process
    process.close()


def as_dicts(results):
    return [
        (r.id, r.text, [m.as_dict() for m in r.entities], [q.as_dict() for q in r.quotes])
        for r in results
    ]


def test_it_gives_what_the_pipeline_gives_in_process(tagger):
    items = [("1", TEXT, []), ("2", TAUGHT_TEXT, [[0, 33]])]
    for knowledge in (NO_KNOWLEDGE, TAUGHT):
        expected = as_dicts(pretag_texts(items, knowledge=knowledge))
        assert as_dicts(tagger.pretag(items, knowledge)) == expected
    assert tagger.model_version.startswith("en_core_web_sm")


def test_new_knowledge_reaches_it_and_old_knowledge_does_not_linger(tagger):
    def names(knowledge):
        [result] = tagger.pretag([("t", TAUGHT_TEXT, [])], knowledge)
        return {(m.text, m.entity) for m in result.entities}

    assert ("HW", "Harbour Watch") in names(TAUGHT)
    without = names(NO_KNOWLEDGE)
    assert ("HW", "Harbour Watch") not in without
    [in_process] = pretag_texts([("t", TAUGHT_TEXT)])
    assert without == {(m.text, m.entity) for m in in_process.entities}
    assert ("HW", "Harbour Watch") in names(TAUGHT)


def test_it_runs_on_one_thread_after_tagging(tagger):
    tagger.pretag([("1", TEXT, [])])
    status = tagger.status()
    assert status["pid"] == tagger.pid != os.getpid()
    assert status["threads"] == 1
    assert status["single_threaded"] in (True, None)  # None: not glibc


def test_a_batch_it_cannot_tag_is_reported_and_it_goes_on(tagger):
    pid = tagger.pid or tagger.start() or tagger.pid
    with pytest.raises(TaggerError, match="TypeError"):
        tagger.pretag([("1", None, [])])
    [result] = tagger.pretag([("2", TEXT, [])])
    assert result.id == "2" and result.entities
    assert tagger.pid == pid


def test_a_process_killed_between_batches_is_replaced_unnoticed(tagger):
    tagger.start()
    old = tagger.pid
    os.kill(old, signal.SIGKILL)
    tagger._process.wait()
    [result] = tagger.pretag([("1", TEXT, [])])
    assert result.entities and tagger.pid not in (None, old)


def test_a_process_killed_mid_batch_fails_that_batch_only(tagger):
    tagger.start()
    old = tagger.pid
    long = [(str(n), TEXT * 40, []) for n in range(6)]
    failures = []

    def tag():
        try:
            tagger.pretag(long)
        except TaggerError as exc:
            failures.append(str(exc))

    worker = threading.Thread(target=tag)
    worker.start()
    time.sleep(0.5)
    os.kill(old, signal.SIGKILL)
    worker.join(timeout=60)
    assert failures and "stopped" in failures[0] and "-9" in failures[0]
    [result] = tagger.pretag([("1", TEXT, [])])
    assert result.entities and tagger.pid != old


def test_a_forked_process_starts_its_own_and_leaves_the_parents_alone(tagger):
    tagger.start()
    parent_child = tagger.pid
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the forked process: tag, report the tagger's pid, leave
        code = 1
        try:
            [result] = tagger.pretag([("1", TEXT, [])])
            os.write(write, f"{tagger.pid} {len(result.entities)}".encode())
            tagger.close()
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    reply = os.read(read, 100).decode().split()
    os.close(read)
    assert status == 0
    assert int(reply[0]) != parent_child and int(reply[1]) > 0
    assert tagger.pid == parent_child
    assert tagger.pretag([("2", TEXT, [])])[0].entities


def test_a_model_that_cannot_load_is_a_clear_error():
    process = TaggerProcess("no_such_model_here")
    with pytest.raises(TaggerError, match="no_such_model_here"):
        process.start()
    assert process.pid is None


def test_a_process_grown_too_big_hands_over_to_a_fresh_one(monkeypatch):
    # A limit below what the loaded model takes: every batch leaves the process too big.
    monkeypatch.setenv("NEWSDESK_TAGGER_RECYCLE_MB", "1")
    tagger = TaggerProcess()
    try:
        [first] = tagger.pretag([("1", TEXT, [])])
        assert tagger.pid is None and tagger.recycled == 1
        [second] = tagger.pretag([("2", TEXT, [])])
        assert as_dicts([first])[0][2:] == as_dicts([second])[0][2:]
        assert tagger.recycled == 2
    finally:
        tagger.close()


def test_a_process_under_the_limit_stays(tagger):
    tagger.pretag([("1", TEXT, [])])
    pid = tagger.pid
    tagger.pretag([("2", TEXT, [])])
    assert tagger.pid == pid and tagger.recycled == 0
