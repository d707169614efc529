import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * A Curator process for the interop tests: runs one InterProcessMutex or LeaderLatch scenario and reports on stdout;
 * lines on stdin are the test's go-ahead signals. Usage: CuratorPeer mutex-rounds|mutex-hold|latch hosts path
 * [marker rounds | id].
 */
public final class CuratorPeer {
  private static void report(String line) {
    System.out.println(line);
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String hosts = args[1];
    String path = args[2];
    CuratorFramework client =
        CuratorFrameworkFactory.newClient(hosts, 10000, 10000, new ExponentialBackoffRetry(100, 5));
    client.start();
    client.blockUntilConnected();
    report("READY");
    try {
      InterProcessMutex mutex = new InterProcessMutex(client, path);
      if (mode.equals("mutex-rounds")) {
        String marker = args[3];
        int rounds = Integer.parseInt(args[4]);
        Random random = new Random();
        int overlaps = 0;
        for (int i = 0; i < rounds; i++) {
          mutex.acquire();
          try {
            client.create().withMode(CreateMode.EPHEMERAL).forPath(marker, "curator".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(random.nextInt(5));
            client.delete().forPath(marker);
          } catch (KeeperException.NodeExistsException overlap) {
            overlaps++;
          } finally {
            mutex.release();
          }
        }
        report("DONE " + overlaps);
      } else if (mode.equals("mutex-hold")) {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        mutex.acquire();
        report("ACQUIRED");
        stdin.readLine();
        mutex.release();
        report("RELEASED");
        report("WAITING");
        mutex.acquire();
        report("ACQUIRED");
        mutex.release();
        report("RELEASED");
      } else if (mode.equals("latch")) {
        // A LeaderLatch candidate named args[3]: reports when it has joined and when it leads, leaves on a line.
        LeaderLatch latch = new LeaderLatch(client, path, args[3]);
        latch.start();
        report("STARTED");
        latch.await();
        report("LEADER");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        latch.close();
        report("CLOSED");
      } else {
        throw new IllegalArgumentException("unknown mode " + mode);
      }
    } finally {
      client.close();
    }
  }
}
