import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Curator's InterProcessMutex for JavaBench's lock workloads, on its own Curator connection. A separate class so that
 * JavaBench compiles and runs its other workloads where Curator is not installed; JavaBench loads it by name.
 */
public final class CuratorLockLoop implements JavaBench.BenchLock {
  private final CuratorFramework curator;
  private final InterProcessMutex mutex;

  public CuratorLockLoop(String connectString, int sessionTimeoutMs, String path) throws InterruptedException {
    curator =
        CuratorFrameworkFactory.newClient(
            connectString, sessionTimeoutMs, sessionTimeoutMs, new ExponentialBackoffRetry(1000, 3));
    curator.start();
    if (!curator.blockUntilConnected(sessionTimeoutMs, TimeUnit.MILLISECONDS)) {
      curator.close();
      throw new IllegalStateException("Curator did not connect within " + sessionTimeoutMs / 1000 + " s");
    }
    mutex = new InterProcessMutex(curator, path);
  }

  @Override
  public void acquire() throws Exception {
    mutex.acquire();
  }

  @Override
  public void release() throws Exception {
    mutex.release();
  }

  @Override
  public String version() {
    try (InputStream pom =
        InterProcessMutex.class.getResourceAsStream(
            "/META-INF/maven/org.apache.curator/curator-recipes/pom.properties")) {
      Properties properties = new Properties();
      if (pom != null) properties.load(pom);
      return properties.getProperty("version", "unknown");
    } catch (java.io.IOException unreadable) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    curator.close();
  }
}
