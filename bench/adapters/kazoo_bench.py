"""Benchmark adapter for kazoo (threading handler, the default), with kazoo's Lock for the lock workloads.

Mirrors bench/adapters/node-driver.ts step by step: the spec arrives as JSON in argv[1], the result leaves as one
"RESULT {json}" line; see bench/workloads.ts. Pipelining uses kazoo's *_async calls with a semaphore bounding the
requests in flight.
"""

import concurrent.futures
import functools
import gc
import json
import platform
import re
import resource
import socket
import sys
import threading
import time
import tracemalloc

import kazoo.version
from kazoo.client import KazooClient
from kazoo.protocol.states import EventType, KazooState

SETUP_IN_FLIGHT = 500


def cpu_micros():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1e6


def cpu_ticks(pid):
    """utime + stime (fields 14 and 15 of /proc/<pid>/stat) of a process in clock ticks; None if unreadable."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat") as stat_file:
            stat = stat_file.read()
    except OSError:
        return None
    # Field 2, the command, is in parentheses and may hold spaces; the fields after it start with field 3.
    fields = stat[stat.rindex(")") + 2 :].split(" ")
    return int(fields[14 - 3]) + int(fields[15 - 3])


def rss():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+) kB", status.read()).group(1)) * 1024


class Window:
    """Bounds the requests in flight; completions release a slot and keep the first failure."""

    def __init__(self, size):
        self.size = size
        self.slots = threading.Semaphore(size)
        self.failure = None

    def done(self, result):
        if result.exception is not None and self.failure is None:
            self.failure = result.exception
        self.slots.release()

    def wait(self):
        for _ in range(self.size):
            self.slots.acquire()
        if self.failure is not None:
            raise self.failure


def pipeline(count, in_flight, issue):
    window = Window(max(1, min(in_flight, count)))
    for index in range(count):
        window.slots.acquire()
        issue(index).rawlink(window.done)
    window.wait()


def server_requests(connect_string):
    """Requests received so far by all the servers of a connect string: the "Received:" counters of their srvr."""
    total = 0
    for host_port in connect_string.split("/")[0].split(","):
        host, colon, port = host_port.rpartition(":")
        if not colon:
            host, port = host_port, "2181"
        answer = b""
        with socket.create_connection((host.strip("[]"), int(port)), timeout=5) as connection:
            connection.sendall(b"srvr")
            while chunk := connection.recv(4096):
                answer += chunk
        received = re.search(rb"^Received: (\d+)", answer, re.M)
        if received is None:
            raise RuntimeError(f"no 'Received:' in the srvr answer of {host_port}: {answer[:200]!r}")
        total += int(received.group(1))
    return total


def run_sessions(count, step):
    """Runs step(index) for count sessions at once, one thread each; raises the first failure, naming its session,
    without waiting for the others (they are daemon threads)."""
    finished = threading.Semaphore(0)
    failures = []

    def run(index):
        try:
            step(index)
        except Exception as error:
            failures.append(f"session {index + 1} of {count} failed: {error!r}")
        finished.release()

    for index in range(count):
        threading.Thread(target=run, args=(index,), daemon=True).start()
    for _ in range(count):
        finished.acquire()
        if failures:
            raise RuntimeError(failures[0])


def contend(locks, count):
    """Every lock loops acquire + release on its own thread until count acquisitions were made (each loop takes a
    ticket before acquiring, so exactly count); returns the wait of each acquisition in milliseconds."""
    tickets = [count]
    tickets_lock = threading.Lock()
    waits = []

    def loop(index):
        lock = locks[index]
        while True:
            with tickets_lock:
                if tickets[0] == 0:
                    return
                tickets[0] -= 1
            start = time.perf_counter()
            lock.acquire()
            waits.append((time.perf_counter() - start) * 1e3)
            lock.release()

    run_sessions(len(locks), loop)
    return waits


def stop(client):
    client.stop()
    client.close()


class Bench:
    def __init__(self, spec):
        self.spec = spec
        self.root = spec["root"]
        # The server whose CPU is measured: the spec's pid, replaced by the one of the RESTARTED line.
        self.server_pid = spec["serverPid"]
        self.result = {"version": f"{kazoo.version.__version__} (CPython {platform.python_version()})"}
        # Sessions not closed yet; a failed run closes them, so that the server does not keep them until they expire.
        self.unclosed = set()

    def param(self, name):
        if name not in self.spec["params"]:
            raise KeyError(f"workload has no parameter '{name}'")
        return self.spec["params"][name]

    def connect(self):
        client = KazooClient(hosts=self.spec["connectString"], timeout=self.spec["sessionTimeoutMs"] / 1000)
        client.start()
        return client

    def open_sessions(self, count, in_flight):
        """Opens count more sessions, at most in_flight connecting at once; fails if none connects for a session
        timeout."""
        timeout = self.spec["sessionTimeoutMs"] / 1000
        slots = threading.Semaphore(in_flight)
        connected = [0]

        def on_state(state):
            if state == KazooState.CONNECTED:
                connected[0] += 1
                slots.release()
                return True  # kazoo removes a listener that returns True
            return False

        def take_slot():
            if not slots.acquire(timeout=timeout):
                raise RuntimeError(f"{connected[0]} of {count} sessions connected, and no other within {timeout:g} s")

        sessions = []
        for _ in range(count):
            take_slot()
            client = KazooClient(hosts=self.spec["connectString"], timeout=timeout)
            self.unclosed.add(client)
            client.add_listener(on_state)
            client.start_async()
            sessions.append(client)
        for _ in range(in_flight):
            take_slot()
        return sessions

    def close_sessions(self, sessions, in_flight):
        with concurrent.futures.ThreadPoolExecutor(max_workers=in_flight) as executor:
            list(executor.map(stop, sessions))
        self.unclosed.difference_update(sessions)

    def close_unclosed(self):
        """After a failure: closes the sessions still open, waiting at most 2 s."""
        closers = [threading.Thread(target=stop, args=(client,), daemon=True) for client in self.unclosed]
        for closer in closers:
            closer.start()
        deadline = time.monotonic() + 2
        for closer in closers:
            closer.join(max(0, deadline - time.monotonic()))

    def node_paths(self, prefix):
        """Paths of the nodes a workload creates: root/prefix + index."""
        return lambda index: f"{self.root}/{prefix}{index}"

    def data(self):
        return b"\x07" * self.param("dataBytes")

    # --- measurement ---

    def measure(self, ops, body):
        """Records seconds and CPU (user + system of the whole process) of body, with ops operations, and the
        server's CPU over the same phase."""
        server_before = cpu_ticks(self.server_pid)
        cpu_before = cpu_micros()
        start = time.perf_counter()
        body()
        seconds = time.perf_counter() - start
        cpu = cpu_micros() - cpu_before
        server_after = cpu_ticks(self.server_pid)
        server_cpu = None
        if server_before is not None and server_after is not None:
            server_cpu = (server_after - server_before) * 1e6 / self.spec["clockTicksPerSecond"]
        self.result.update(ops=ops, seconds=seconds, cpuMicros=cpu, serverCpuMicros=server_cpu)

    def measure_each(self, warmup, count, step):
        """Measures count sequential steps after warmup unmeasured ones, recording each step's latency."""
        for index in range(warmup):
            step(index)
        latencies = []

        def body():
            for index in range(count):
                start = time.perf_counter()
                step(index)
                latencies.append((time.perf_counter() - start) * 1e3)

        self.measure(count, body)
        self.result["latenciesMs"] = latencies

    # --- data ---

    @staticmethod
    def create_nodes(client, paths, count, data):
        pipeline(count, SETUP_IN_FLIGHT, lambda i: client.create_async(paths(i), data))

    @staticmethod
    def remove_flat(client, path):
        children = client.get_children(path)
        pipeline(len(children), SETUP_IN_FLIGHT, lambda i: client.delete_async(f"{path}/{children[i]}"))
        client.delete(path)

    @staticmethod
    def set_all(client, paths, count, in_flight, data):
        pipeline(count, in_flight, lambda i: client.set_async(paths(i), data))

    @staticmethod
    def watch_all(client, paths, count, in_flight):
        """Registers a data watch on each of count nodes; the returned event is set once every watch has fired."""
        all_fired = threading.Event()
        fired = [0]
        lock = threading.Lock()

        def watcher(event):
            if event.type == EventType.CHANGED:
                with lock:
                    fired[0] += 1
                    if fired[0] == count:
                        all_fired.set()

        pipeline(count, in_flight, lambda i: client.get_async(paths(i), watch=watcher))
        return all_fired

    def warm_watches(self, client, writer, data):
        """Unmeasured warm-up of the watch path: watches on fresh nodes, all set by writer, all events awaited."""
        count = self.param("warmup")
        in_flight = self.param("inFlight")
        paths = self.node_paths("w")
        self.create_nodes(client, paths, count, data)
        all_fired = self.watch_all(client, paths, count, in_flight)
        self.set_all(writer, paths, count, in_flight, data)
        all_fired.wait()

    # --- workloads ---

    def serial_get(self, client):
        nodes = self.param("nodes")
        paths = self.node_paths("n")
        self.create_nodes(client, paths, nodes, self.data())
        self.measure_each(self.param("warmup"), self.param("count"), lambda i: client.get(paths(i % nodes)))

    def pipelined_get(self, client):
        nodes = self.param("nodes")
        in_flight = self.param("inFlight")
        paths = self.node_paths("n")
        self.create_nodes(client, paths, nodes, self.data())

        def get(i):
            return client.get_async(paths(i % nodes))

        pipeline(self.param("warmup"), in_flight, get)
        count = self.param("count")
        self.measure(count, lambda: pipeline(count, in_flight, get))

    def pipelined_create_delete(self, client):
        in_flight = self.param("inFlight")
        data = self.data()

        def cycle(prefix, count):
            pipeline(count, in_flight, lambda i: client.create_async(f"{self.root}/{prefix}{i}", data))
            pipeline(count, in_flight, lambda i: client.delete_async(f"{self.root}/{prefix}{i}"))

        cycle("w", self.param("warmup"))
        count = self.param("count")
        self.measure(2 * count, lambda: cycle("c", count))

    def watch_fanout(self, client):
        count = self.param("count")
        in_flight = self.param("inFlight")
        data = self.data()
        paths = self.node_paths("n")
        writer = self.connect()
        self.warm_watches(client, writer, data)
        self.create_nodes(client, paths, count, data)
        # Live heap growth as tracemalloc sees it, traced only while registering: it slows allocations down.
        tracemalloc.start()
        gc.collect()
        self.result["heapBeforeBytes"] = tracemalloc.get_traced_memory()[0]
        all_fired = self.watch_all(client, paths, count, in_flight)
        gc.collect()
        self.result["heapAfterBytes"] = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        self.result["rssAfterBytes"] = rss()

        def body():
            self.set_all(writer, paths, count, in_flight, data)
            all_fired.wait()

        self.measure(count, body)
        writer.stop()
        writer.close()

    def get_children_large(self, client):
        nodes = self.param("nodes")
        self.create_nodes(client, self.node_paths("n"), nodes, b"")

        def listing(_index):
            listed = len(client.get_children(self.root))
            if listed != nodes:
                raise RuntimeError(f"listed {listed} children, expected {nodes}")

        self.measure_each(self.param("warmup"), self.param("count"), listing)

    def lock_loop(self, client):
        lock = client.Lock(f"{self.root}/lock")

        def cycle(_index):
            lock.acquire()
            lock.release()

        self.measure_each(self.param("warmup"), self.param("count"), cycle)
        self.remove_flat(client, f"{self.root}/lock")

    def connect_loop(self, _client):
        connect_latencies = []

        def cycle(_index):
            start = time.perf_counter()
            other = self.connect()
            connect_latencies.append((time.perf_counter() - start) * 1e3)
            other.stop()
            other.close()

        warmup = self.param("warmup")
        self.measure_each(warmup, self.param("count"), cycle)
        self.result["connectLatenciesMs"] = connect_latencies[warmup:]

    def reconnect_watches(self, client):
        # kazoo does not re-register watches after a connection loss: it calls every watcher with a NONE event and
        # forgets them. The idiomatic remedy is the application's (or DataWatch's) re-read once CONNECTED again;
        # this does it pipelined, with raw watches. A re-read that already shows the new data counts as observed,
        # as the event the other clients receive when the server finds the node changed on re-registration.
        count = self.param("count")
        in_flight = self.param("inFlight")
        data = self.data()
        warm_writer = self.connect()
        self.warm_watches(client, warm_writer, data)
        warm_writer.stop()
        warm_writer.close()
        node_path = self.node_paths("n")
        self.create_nodes(client, node_path, count, data)
        paths = [node_path(i) for i in range(count)]
        observed = set()
        lock = threading.Lock()
        all_observed = threading.Event()

        def observe(path):
            with lock:
                observed.add(path)
                if len(observed) == count:
                    all_observed.set()

        def watcher(event):
            if event.type == EventType.CHANGED:
                observe(event.path)

        def reread(path, result):
            if result.exception is None and result.value[1].version > 0:
                observe(path)

        def register(paths_to_watch):
            def issue(i):
                result = client.get_async(paths_to_watch[i], watch=watcher)
                result.rawlink(functools.partial(reread, paths_to_watch[i]))
                return result

            pipeline(len(paths_to_watch), in_flight, issue)

        def on_state(state):
            if state == KazooState.CONNECTED:
                with lock:
                    pending = [path for path in paths if path not in observed]
                client.handler.spawn(register, pending)

        register(paths)
        client.add_listener(on_state)
        print("READY", flush=True)
        line = sys.stdin.readline().strip()
        words = line.split(" ")
        if words[0] != "RESTARTED":
            raise RuntimeError(f"expected 'RESTARTED' from the runner, got '{line}'")
        # The restarted server is a new JVM: its CPU is measured from now on.
        self.server_pid = int(words[1]) if len(words) > 1 else None

        def body():
            writer = self.connect()
            self.set_all(writer, node_path, count, in_flight, data)
            all_observed.wait()
            writer.stop()
            writer.close()

        self.measure(count, body)
        client.remove_listener(on_state)

    def lock_contended(self, client):
        lock_path = f"{self.root}/lock"
        session_count = self.param("sessions")
        sessions = self.open_sessions(session_count, session_count)
        locks = [session.Lock(lock_path) for session in sessions]
        contend(locks, self.param("warmup"))
        requests_before = server_requests(self.spec["connectString"])
        count = self.param("count")
        waits = []
        self.measure(count, lambda: waits.extend(contend(locks, count)))
        requests = server_requests(self.spec["connectString"]) - requests_before
        self.result.update(latenciesMs=waits, serverRequests=requests)
        self.close_sessions(sessions, session_count)
        self.remove_flat(client, lock_path)

    def many_sessions(self, client):
        count = self.param("count")
        in_flight = self.param("inFlight")
        watches = self.param("watches")
        nodes = self.param("nodes")
        paths = self.node_paths("n")
        self.create_nodes(client, paths, nodes, b"")
        sessions = []
        self.measure(count, lambda: sessions.extend(self.open_sessions(count, in_flight)))

        def unchanged(_event):
            pass

        # Watch j of session s is on node (s * watches + j) % nodes; the sessions' watches go in_flight sessions
        # at a time, as in the other adapters.
        pipeline(
            count * watches,
            in_flight * watches,
            lambda i: sessions[i // watches].get_async(paths(i % nodes), watch=unchanged),
        )
        gc.collect()
        self.result["rssAfterBytes"] = rss()
        # kazoo keeps the session timeout the server granted to itself (it only logs it), so none is reported.
        requests_before = server_requests(self.spec["connectString"])
        cpu_before = cpu_micros()
        start = time.perf_counter()
        time.sleep(self.param("idleSeconds"))
        self.result.update(idleSeconds=time.perf_counter() - start, idleCpuMicros=cpu_micros() - cpu_before)
        self.result["idleServerRequests"] = server_requests(self.spec["connectString"]) - requests_before
        self.close_sessions(sessions, in_flight)

    def run(self):
        workloads = {
            "serial-get": self.serial_get,
            "pipelined-get": self.pipelined_get,
            "pipelined-create-delete": self.pipelined_create_delete,
            "watch-fanout": self.watch_fanout,
            "get-children-large": self.get_children_large,
            "lock-loop": self.lock_loop,
            "connect": self.connect_loop,
            "reconnect-watches": self.reconnect_watches,
            "lock-contended": self.lock_contended,
            "many-sessions": self.many_sessions,
        }
        client = self.connect()
        self.unclosed.add(client)
        client.create(self.root, b"")
        workloads[self.spec["workload"]](client)
        self.remove_flat(client, self.root)
        client.stop()
        client.close()
        return self.result


def main():
    bench = Bench(json.loads(sys.argv[1]))
    try:
        result = bench.run()
    except BaseException:
        bench.close_unclosed()
        raise
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
