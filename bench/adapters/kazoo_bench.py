"""Benchmark adapter for kazoo (threading handler, the default), with kazoo's Lock for lock-loop.

Mirrors bench/adapters/node-driver.ts step by step: the spec arrives as JSON in argv[1], the result leaves as one
"RESULT {json}" line; see bench/workloads.ts. Pipelining uses kazoo's *_async calls with a semaphore bounding the
requests in flight.
"""

import functools
import gc
import json
import platform
import re
import resource
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


class Bench:
    def __init__(self, spec):
        self.spec = spec
        self.root = spec["root"]
        self.result = {"version": f"{kazoo.version.__version__} (CPython {platform.python_version()})"}

    def param(self, name):
        if name not in self.spec["params"]:
            raise KeyError(f"workload has no parameter '{name}'")
        return self.spec["params"][name]

    def connect(self):
        client = KazooClient(hosts=self.spec["connectString"], timeout=self.spec["sessionTimeoutMs"] / 1000)
        client.start()
        return client

    def node_paths(self, prefix):
        """Paths of the nodes a workload creates: root/prefix + index."""
        return lambda index: f"{self.root}/{prefix}{index}"

    def data(self):
        return b"\x07" * self.param("dataBytes")

    # --- measurement ---

    def measure(self, ops, body):
        """Records seconds and CPU (user + system of the whole process) of body, with ops operations."""
        cpu_before = cpu_micros()
        start = time.perf_counter()
        body()
        seconds = time.perf_counter() - start
        self.result.update(ops=ops, seconds=seconds, cpuMicros=cpu_micros() - cpu_before)

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
        if line != "RESTARTED":
            raise RuntimeError(f"expected 'RESTARTED' from the runner, got '{line}'")

        def body():
            writer = self.connect()
            self.set_all(writer, node_path, count, in_flight, data)
            all_observed.wait()
            writer.stop()
            writer.close()

        self.measure(count, body)
        client.remove_listener(on_state)

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
        }
        client = self.connect()
        client.create(self.root, b"")
        workloads[self.spec["workload"]](client)
        self.remove_flat(client, self.root)
        client.stop()
        client.close()
        return self.result


def main():
    result = Bench(json.loads(sys.argv[1])).run()
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
