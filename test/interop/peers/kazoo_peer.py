"""A kazoo process for the interop tests: runs one recipe scenario on a real server and reports on stdout.

Usage: kazoo_peer.py <command> <hosts> <args...>. Lines on stdout are the peer's reports; lines on stdin are the
test's go-ahead signals. Written for Debian's python3-kazoo; run with /usr/bin/python3.
"""
import json
import random
import sys
import time

from kazoo.client import KazooClient
from kazoo.exceptions import NodeExistsError


def report(*parts):
    print(" ".join(str(part) for part in parts), flush=True)


def wait_for_go():
    return sys.stdin.readline().strip()


def lock_rounds(zk, path, marker, rounds, patterns=""):
    """Takes the lock `rounds` times; inside, claims an ephemeral marker node that any overlapping holder would own."""
    extra = [p for p in patterns.split(",") if p]
    lock = zk.Lock(path, "kazoo", extra_lock_patterns=extra)
    overlaps = 0
    report("READY")
    for _ in range(int(rounds)):
        with lock:
            try:
                zk.create(marker, b"kazoo", ephemeral=True)
            except NodeExistsError:
                overlaps += 1
                continue
            time.sleep(random.random() * 0.004)
            zk.delete(marker)
    report("DONE", overlaps)


def lock_hold(zk, path):
    """Holds the lock until told, then tries without blocking, then waits for it."""
    lock = zk.Lock(path, "kazoo-holder")
    lock.acquire()
    report("ACQUIRED")
    wait_for_go()
    lock.release()
    report("RELEASED")
    report("NONBLOCKING", lock.acquire(blocking=False))
    report("WAITING")
    lock.acquire()
    report("ACQUIRED")
    lock.release()
    report("RELEASED")


def election(zk, path, identifier):
    """Contends; as leader, reports and leads until told to step down."""

    def lead():
        report("LEADER")
        wait_for_go()

    report("CONTENDING")
    zk.Election(path, identifier).run(lead)
    report("STEPPED_DOWN")


def party(zk, path, identifier):
    """Joins, then lists the members (identifiers, as JSON) each time it is asked, until told to leave."""
    member = zk.Party(path, identifier)
    member.join()
    report("JOINED")
    while True:
        command = wait_for_go()
        if command == "list":
            report("MEMBERS", json.dumps(sorted(member)))
        else:
            member.leave()
            report("LEFT")
            return


def counter_add(zk, path, times, curator=""):
    counter = zk.Counter(path, support_curator=(curator == "curator"))
    report("READY")
    for _ in range(int(times)):
        counter += 1
    report("DONE", counter.value)


COMMANDS = {
    "lock-rounds": lock_rounds,
    "lock-hold": lock_hold,
    "election": election,
    "party": party,
    "counter-add": counter_add,
}


def main():
    command, hosts, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    zk = KazooClient(hosts=hosts, timeout=10)
    zk.start(timeout=15)
    try:
        COMMANDS[command](zk, *args)
    finally:
        zk.stop()
        zk.close()


if __name__ == "__main__":
    main()
