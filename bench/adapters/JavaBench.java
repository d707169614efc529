import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Version;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Benchmark adapter for the official ZooKeeper Java client, with Curator's InterProcessMutex for the lock workloads (in
 * CuratorLockLoop.java, compiled only where Curator is installed). Mirrors bench/adapters/node-driver.ts step by step:
 * the spec arrives as JSON in args[0], the result leaves as one "RESULT {json}" line; see bench/workloads.ts.
 * Pipelining uses the client's asynchronous API with a semaphore bounding the requests in flight.
 */
public final class JavaBench {
  /** A lock recipe, so that JavaBench compiles without Curator. */
  public interface BenchLock extends AutoCloseable {
    void acquire() throws Exception;

    void release() throws Exception;

    String version();

    @Override
    void close();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SETUP_IN_FLIGHT = 500;

  private final JsonNode spec;
  private final String connectString;
  private final String root;
  private final int sessionTimeoutMs;
  private final long clockTicksPerSecond;
  /** The server whose CPU is measured: the spec's pid, replaced by the one of the RESTARTED line; 0 for none. */
  private long serverPid;
  private final ObjectNode result = JSON.createObjectNode();
  /** Sessions not closed yet; a failed run closes them, so that the server does not keep them until they expire. */
  private final Set<AutoCloseable> unclosed = ConcurrentHashMap.newKeySet();

  private JavaBench(JsonNode spec) {
    this.spec = spec;
    this.connectString = spec.get("connectString").asText();
    this.root = spec.get("root").asText();
    this.sessionTimeoutMs = spec.get("sessionTimeoutMs").asInt();
    this.clockTicksPerSecond = spec.get("clockTicksPerSecond").asLong();
    this.serverPid = spec.path("serverPid").asLong(0);
  }

  public static void main(String[] args) {
    JavaBench bench = null;
    try {
      bench = new JavaBench(JSON.readTree(args[0]));
      ObjectNode result = bench.run();
      System.out.println("RESULT " + JSON.writeValueAsString(result));
      System.out.flush();
      System.exit(0);
    } catch (Throwable error) {
      error.printStackTrace();
      // The runner shows the last lines of stderr: end with the error itself rather than its stack.
      System.err.println(error);
      if (bench != null) bench.closeUnclosed();
      System.exit(1);
    }
  }

  /** After a failure: closes the sessions still open, waiting at most 2 s. */
  private void closeUnclosed() {
    ExecutorService closing =
        Executors.newFixedThreadPool(
            32,
            task -> {
              Thread thread = new Thread(task);
              thread.setDaemon(true);
              return thread;
            });
    for (AutoCloseable session : unclosed) {
      closing.submit(
          () -> {
            session.close();
            return null;
          });
    }
    closing.shutdown();
    try {
      closing.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private int param(String name) {
    JsonNode value = spec.get("params").get(name);
    if (value == null) throw new IllegalArgumentException("workload has no parameter '" + name + "'");
    return value.asInt();
  }

  private static String zookeeperVersion() {
    return Version.getFullVersion().split("[-,]")[0].trim();
  }

  private static String runtimeVersion() {
    return " (Java " + System.getProperty("java.version") + ")";
  }

  private ObjectNode run() throws Exception {
    result.put("version", zookeeperVersion() + runtimeVersion());
    ZooKeeper session = connect();
    unclosed.add(session);
    session.create(root, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    String workload = spec.get("workload").asText();
    switch (workload) {
      case "serial-get" -> serialGet(session);
      case "pipelined-get" -> pipelinedGet(session);
      case "pipelined-create-delete" -> pipelinedCreateDelete(session);
      case "watch-fanout" -> watchFanout(session);
      case "get-children-large" -> getChildrenLarge(session);
      case "lock-loop" -> lockLoop(session);
      case "connect" -> connectLoop();
      case "reconnect-watches" -> reconnectWatches(session);
      case "lock-contended" -> lockContended(session);
      case "many-sessions" -> manySessions(session);
      default -> throw new IllegalArgumentException("unknown workload " + workload);
    }
    try {
      removeFlat(session, root);
    } catch (KeeperException.SessionExpiredException starved) {
      // many-sessions: closing 1,000 sessions can keep this one from pinging until the server expires it (see
      // manySessions); the teardown then takes a new session.
      session = connect();
      unclosed.add(session);
      removeFlat(session, root);
    }
    session.close();
    return result;
  }

  private ZooKeeper connect() throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk =
        new ZooKeeper(
            connectString,
            sessionTimeoutMs,
            event -> {
              if (event.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
            });
    connected.await();
    return zk;
  }

  // --- measurement ---

  private interface Body {
    void run() throws Exception;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The server's utime + stime (fields 14 and 15 of /proc/<pid>/stat) in clock ticks; -1 if it cannot be read. */
  private long serverCpuTicks() {
    if (serverPid <= 0) return -1;
    try {
      String stat = Files.readString(Paths.get("/proc/" + serverPid + "/stat"));
      // Field 2, the command, is in parentheses and may hold spaces; the fields after it start with field 3.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    } catch (java.io.IOException | RuntimeException unreadable) {
      return -1;
    }
  }

  /**
   * Records seconds and CPU (user + system of the whole process) of body, with ops operations, and the server's CPU
   * over the same phase.
   */
  private void measure(int ops, Body body) throws Exception {
    long serverBefore = serverCpuTicks();
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    body.run();
    long end = System.nanoTime();
    long cpu = processCpuNanos() - cpuBefore;
    long serverAfter = serverCpuTicks();
    result.put("ops", ops);
    result.put("seconds", (end - start) / 1e9);
    result.put("cpuMicros", cpu / 1e3);
    if (serverBefore < 0 || serverAfter < 0) {
      result.putNull("serverCpuMicros");
    } else {
      result.put("serverCpuMicros", (serverAfter - serverBefore) * 1e6 / clockTicksPerSecond);
    }
  }

  private interface Step {
    void run(int index) throws Exception;
  }

  private static void timeEach(int count, Step step, ArrayNode latencies) throws Exception {
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      step.run(i);
      if (latencies != null) latencies.add((System.nanoTime() - start) / 1e6);
    }
  }

  /** Measures count sequential steps after warmup unmeasured ones, recording each step's latency. */
  private void measureEach(int warmup, int count, Step step) throws Exception {
    timeEach(warmup, step, null);
    ArrayNode latencies = JSON.createArrayNode();
    measure(count, () -> timeEach(count, step, latencies));
    result.set("latenciesMs", latencies);
  }

  /** Heap used after a full collection: the live heap. */
  private static long settledHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rss() throws Exception {
    String status = Files.readString(Paths.get("/proc/self/status"));
    Matcher match = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
    if (!match.find()) throw new IllegalStateException("no VmRSS in /proc/self/status");
    return Long.parseLong(match.group(1)) * 1024;
  }

  // --- pipelining ---

  /** Bounds the requests in flight; callbacks report their result code through done(). */
  private static final class Window {
    private final int size;
    private final Semaphore slots;
    private volatile KeeperException failure;

    Window(int size) {
      this.size = size;
      this.slots = new Semaphore(size);
    }

    void done(int rc, String path) {
      if (rc != KeeperException.Code.OK.intValue() && failure == null) {
        failure = KeeperException.create(KeeperException.Code.get(rc), path);
      }
      slots.release();
    }

    void await() throws Exception {
      slots.acquire(size);
      slots.release(size);
      if (failure != null) throw failure;
    }
  }

  private interface AsyncStep {
    void issue(int index, Window window);
  }

  private static void pipeline(int count, int inFlight, AsyncStep step) throws Exception {
    Window window = new Window(Math.max(1, Math.min(inFlight, count)));
    for (int i = 0; i < count; i++) {
      window.slots.acquire();
      step.issue(i, window);
    }
    window.await();
  }

  /** Paths of the nodes a workload creates: root/prefix + index. */
  private interface NodePaths {
    String path(int index);
  }

  private NodePaths nodePaths(String prefix) {
    return index -> root + "/" + prefix + index;
  }

  private static void createNodes(ZooKeeper zk, NodePaths paths, int count, byte[] data) throws Exception {
    pipeline(
        count,
        SETUP_IN_FLIGHT,
        (i, w) ->
            zk.create(
                paths.path(i),
                data,
                ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT,
                (rc, path, ctx, name) -> w.done(rc, path),
                null));
  }

  private static void removeFlat(ZooKeeper zk, String path) throws Exception {
    List<String> children = zk.getChildren(path, false);
    pipeline(
        children.size(),
        SETUP_IN_FLIGHT,
        (i, w) -> zk.delete(path + "/" + children.get(i), -1, (rc, p, ctx) -> w.done(rc, p), null));
    zk.delete(path, -1);
  }

  private static void setAll(ZooKeeper zk, NodePaths paths, int count, int inFlight, byte[] data) throws Exception {
    pipeline(
        count, inFlight, (i, w) -> zk.setData(paths.path(i), data, -1, (rc, p, ctx, stat) -> w.done(rc, p), null));
  }

  /** Registers a data watch on each of count nodes; the latch opens once every watch has fired. */
  private static CountDownLatch watchAll(ZooKeeper zk, NodePaths paths, int count, int inFlight) throws Exception {
    CountDownLatch all = new CountDownLatch(1);
    AtomicInteger fired = new AtomicInteger();
    Watcher watcher =
        event -> {
          if (event.getType() == Watcher.Event.EventType.NodeDataChanged && fired.incrementAndGet() == count) {
            all.countDown();
          }
        };
    pipeline(
        count, inFlight, (i, w) -> zk.getData(paths.path(i), watcher, (rc, p, ctx, d, s) -> w.done(rc, p), null));
    return all;
  }

  /** Unmeasured warm-up of the watch path: watches on fresh nodes, all set by writer, all events awaited. */
  private void warmWatches(ZooKeeper zk, ZooKeeper writer, byte[] data) throws Exception {
    int count = param("warmup");
    int inFlight = param("inFlight");
    NodePaths paths = nodePaths("w");
    createNodes(zk, paths, count, data);
    CountDownLatch all = watchAll(zk, paths, count, inFlight);
    setAll(writer, paths, count, inFlight, data);
    all.await();
  }

  private byte[] data() {
    byte[] data = new byte[param("dataBytes")];
    java.util.Arrays.fill(data, (byte) 7);
    return data;
  }

  // --- workloads ---

  private void serialGet(ZooKeeper zk) throws Exception {
    int nodes = param("nodes");
    NodePaths paths = nodePaths("n");
    createNodes(zk, paths, nodes, data());
    measureEach(param("warmup"), param("count"), i -> zk.getData(paths.path(i % nodes), false, null));
  }

  private void pipelinedGet(ZooKeeper zk) throws Exception {
    int nodes = param("nodes");
    int inFlight = param("inFlight");
    NodePaths paths = nodePaths("n");
    createNodes(zk, paths, nodes, data());
    AsyncStep get = (i, w) -> zk.getData(paths.path(i % nodes), false, (rc, p, ctx, d, s) -> w.done(rc, p), null);
    pipeline(param("warmup"), inFlight, get);
    int count = param("count");
    measure(count, () -> pipeline(count, inFlight, get));
  }

  private void createThenDelete(ZooKeeper zk, String prefix, int count, int inFlight, byte[] data) throws Exception {
    pipeline(
        count,
        inFlight,
        (i, w) ->
            zk.create(
                root + "/" + prefix + i,
                data,
                ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT,
                (rc, p, ctx, name) -> w.done(rc, p),
                null));
    pipeline(count, inFlight, (i, w) -> zk.delete(root + "/" + prefix + i, -1, (rc, p, ctx) -> w.done(rc, p), null));
  }

  private void pipelinedCreateDelete(ZooKeeper zk) throws Exception {
    int inFlight = param("inFlight");
    byte[] data = data();
    createThenDelete(zk, "w", param("warmup"), inFlight, data);
    int count = param("count");
    measure(2 * count, () -> createThenDelete(zk, "c", count, inFlight, data));
  }

  private void watchFanout(ZooKeeper zk) throws Exception {
    int count = param("count");
    int inFlight = param("inFlight");
    byte[] data = data();
    NodePaths paths = nodePaths("n");
    ZooKeeper writer = connect();
    warmWatches(zk, writer, data);
    createNodes(zk, paths, count, data);
    result.put("heapBeforeBytes", settledHeap());
    CountDownLatch all = watchAll(zk, paths, count, inFlight);
    result.put("heapAfterBytes", settledHeap());
    result.put("rssAfterBytes", rss());
    measure(
        count,
        () -> {
          setAll(writer, paths, count, inFlight, data);
          all.await();
        });
    writer.close();
  }

  private void getChildrenLarge(ZooKeeper zk) throws Exception {
    int nodes = param("nodes");
    createNodes(zk, nodePaths("n"), nodes, new byte[0]);
    measureEach(
        param("warmup"),
        param("count"),
        i -> {
          int listed = zk.getChildren(root, false).size();
          if (listed != nodes) throw new IllegalStateException("listed " + listed + " children, expected " + nodes);
        });
  }

  /** Curator's InterProcessMutex on a Curator connection of its own; null, and the run skipped, without Curator. */
  private BenchLock curatorLock(String lockPath) throws Exception {
    try {
      return (BenchLock)
          Class.forName("CuratorLockLoop")
              .getConstructor(String.class, int.class, String.class)
              .newInstance(connectString, sessionTimeoutMs, lockPath);
    } catch (InvocationTargetException failed) {
      throw failed.getCause() instanceof Exception cause ? cause : failed;
    } catch (ReflectiveOperationException | LinkageError missing) {
      result.put("skipped", "Curator is not installed (Debian: libcurator-recipes-java): " + missing);
      return null;
    }
  }

  private void lockLoop(ZooKeeper zk) throws Exception {
    String lockPath = root + "/lock";
    BenchLock lock = curatorLock(lockPath);
    if (lock == null) return;
    try (lock) {
      result.put("version", zookeeperVersion() + ", Curator " + lock.version() + runtimeVersion());
      measureEach(
          param("warmup"),
          param("count"),
          i -> {
            lock.acquire();
            lock.release();
          });
    }
    removeFlat(zk, lockPath);
  }

  private void connectLoop() throws Exception {
    List<Double> connectLatencies = new ArrayList<>();
    int warmup = param("warmup");
    measureEach(
        warmup,
        param("count"),
        i -> {
          long start = System.nanoTime();
          ZooKeeper other = connect();
          connectLatencies.add((System.nanoTime() - start) / 1e6);
          other.close();
        });
    ArrayNode measured = JSON.createArrayNode();
    connectLatencies.subList(warmup, connectLatencies.size()).forEach(measured::add);
    result.set("connectLatenciesMs", measured);
  }

  private void reconnectWatches(ZooKeeper zk) throws Exception {
    int count = param("count");
    int inFlight = param("inFlight");
    byte[] data = data();
    NodePaths paths = nodePaths("n");
    ZooKeeper warmWriter = connect();
    warmWatches(zk, warmWriter, data);
    warmWriter.close();
    createNodes(zk, paths, count, data);
    CountDownLatch all = watchAll(zk, paths, count, inFlight);
    System.out.println("READY");
    System.out.flush();
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = stdin.readLine();
    String[] words = line == null ? new String[0] : line.trim().split(" ");
    if (words.length == 0 || !"RESTARTED".equals(words[0])) {
      throw new IllegalStateException("expected 'RESTARTED' from the runner, got '" + line + "'");
    }
    // The restarted server is a new JVM: its CPU is measured from now on.
    serverPid = words.length > 1 ? Long.parseLong(words[1]) : 0;
    measure(
        count,
        () -> {
          ZooKeeper writer = connect();
          setAll(writer, paths, count, inFlight, data);
          all.await();
          writer.close();
        });
  }

  /**
   * Runs step(index) for count sessions at once, one thread each; throws the first failure, naming its session,
   * without waiting for the others.
   */
  private static void runSessions(int count, Step step) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      CompletionService<Void> finished = new ExecutorCompletionService<>(threads);
      for (int i = 0; i < count; i++) {
        int index = i;
        finished.submit(
            () -> {
              try {
                step.run(index);
              } catch (Exception failure) {
                throw new IllegalStateException(
                    "session " + (index + 1) + " of " + count + " failed: " + failure, failure);
              }
              return null;
            });
      }
      for (int i = 0; i < count; i++) {
        try {
          finished.take().get();
        } catch (ExecutionException failed) {
          if (failed.getCause() instanceof Exception cause) throw cause;
          throw failed;
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Every lock loops acquire + release on its own thread until count acquisitions were made (each loop takes a
   * ticket before acquiring, so exactly count); returns the wait of each acquisition in milliseconds.
   */
  private static List<Double> contend(List<BenchLock> locks, int count) throws Exception {
    AtomicInteger tickets = new AtomicInteger(count);
    List<Double> waits = Collections.synchronizedList(new ArrayList<>(count));
    runSessions(
        locks.size(),
        index -> {
          BenchLock lock = locks.get(index);
          while (tickets.getAndDecrement() > 0) {
            long start = System.nanoTime();
            lock.acquire();
            waits.add((System.nanoTime() - start) / 1e6);
            lock.release();
          }
        });
    return waits;
  }

  /** Requests received so far by all the servers of the connect string: the "Received:" counters of their srvr. */
  private long serverRequests() throws Exception {
    long total = 0;
    for (String hostPort : connectString.split("/")[0].split(",")) {
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon).replaceAll("^\\[(.*)\\]$", "$1");
      int port = colon < 0 ? 2181 : Integer.parseInt(hostPort.substring(colon + 1));
      String answer;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
        answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
      Matcher received = Pattern.compile("^Received: (\\d+)", Pattern.MULTILINE).matcher(answer);
      if (!received.find()) {
        throw new IllegalStateException("no 'Received:' in the srvr answer of " + hostPort + ": " + answer);
      }
      total += Long.parseLong(received.group(1));
    }
    return total;
  }

  private void lockContended(ZooKeeper zk) throws Exception {
    String lockPath = root + "/lock";
    List<BenchLock> locks = new ArrayList<>();
    for (int i = 0; i < param("sessions"); i++) {
      BenchLock lock = curatorLock(lockPath);
      if (lock == null) return;
      unclosed.add(lock);
      locks.add(lock);
    }
    result.put("version", zookeeperVersion() + ", Curator " + locks.get(0).version() + runtimeVersion());
    contend(locks, param("warmup"));
    long requestsBefore = serverRequests();
    int count = param("count");
    List<Double> waits = new ArrayList<>(count);
    measure(count, () -> waits.addAll(contend(locks, count)));
    result.put("serverRequests", serverRequests() - requestsBefore);
    ArrayNode latencies = result.putArray("latenciesMs");
    waits.forEach(latencies::add);
    for (BenchLock lock : locks) {
      lock.close();
      unclosed.remove(lock);
    }
    removeFlat(zk, lockPath);
  }

  private void takeSlots(Semaphore slots, int permits, AtomicInteger connected, int count) throws Exception {
    if (!slots.tryAcquire(permits, sessionTimeoutMs, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          connected.get() + " of " + count + " sessions connected, and no other within " + sessionTimeoutMs / 1000
              + " s");
    }
  }

  /** Opens count more sessions, at most inFlight connecting at once; fails if none connects for a session timeout. */
  private List<ZooKeeper> openSessions(int count, int inFlight) throws Exception {
    Semaphore slots = new Semaphore(inFlight);
    AtomicInteger connected = new AtomicInteger();
    List<ZooKeeper> sessions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      takeSlots(slots, 1, connected, count);
      AtomicBoolean connecting = new AtomicBoolean(true);
      ZooKeeper session =
          new ZooKeeper(
              connectString,
              sessionTimeoutMs,
              event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected && connecting.getAndSet(false)) {
                  connected.incrementAndGet();
                  slots.release();
                }
              });
      unclosed.add(session);
      sessions.add(session);
    }
    takeSlots(slots, inFlight, connected, count);
    return sessions;
  }

  private void manySessions(ZooKeeper zk) throws Exception {
    int count = param("count");
    int inFlight = param("inFlight");
    int watches = param("watches");
    int nodes = param("nodes");
    NodePaths paths = nodePaths("n");
    createNodes(zk, paths, nodes, new byte[0]);
    List<ZooKeeper> sessions = new ArrayList<>(count);
    measure(count, () -> sessions.addAll(openSessions(count, inFlight)));
    List<Integer> timeouts = sessions.stream().map(ZooKeeper::getSessionTimeout).distinct().toList();
    if (timeouts.size() != 1) {
      throw new IllegalStateException("the server granted different session timeouts: " + timeouts + " ms");
    }
    result.put("negotiatedTimeoutMs", timeouts.get(0));
    Watcher unchanged = event -> {};
    // Watch j of session s is on node (s * watches + j) % nodes; the sessions' watches go inFlight sessions at a
    // time, as in the other adapters.
    pipeline(
        count * watches,
        inFlight * watches,
        (i, w) ->
            sessions
                .get(i / watches)
                .getData(paths.path(i % nodes), unchanged, (rc, p, ctx, d, s) -> w.done(rc, p), null));
    System.gc();
    result.put("rssAfterBytes", rss());
    long requestsBefore = serverRequests();
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    Thread.sleep(param("idleSeconds") * 1000L);
    result.put("idleSeconds", (System.nanoTime() - start) / 1e9);
    result.put("idleCpuMicros", (processCpuNanos() - cpuBefore) / 1e3);
    result.put("idleServerRequests", serverRequests() - requestsBefore);
    // inFlight at a time. Each close waits for its send thread, whose cleanup sleeps 100 ms holding the monitor of a
    // ZooKeeper.States constant that all sessions share: closes mostly serialize (about a minute for 1,000), and
    // meanwhile the other sessions, the first one included, can hardly send anything, pings included.
    ExecutorService closing = Executors.newFixedThreadPool(inFlight);
    try {
      List<Future<Void>> closed = new ArrayList<>();
      for (ZooKeeper session : sessions) {
        closed.add(
            closing.submit(
                () -> {
                  session.close();
                  unclosed.remove(session);
                  return null;
                }));
      }
      for (Future<Void> each : closed) each.get();
    } finally {
      closing.shutdown();
    }
  }
}
