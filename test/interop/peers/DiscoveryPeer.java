import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.ServiceProvider;
import org.apache.curator.x.discovery.ServiceType;
import org.apache.curator.x.discovery.UriSpec;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;

/**
 * A Curator x-discovery process for the interop tests; reports on stdout, takes commands on stdin.
 *
 * <pre>
 * DiscoveryPeer register map|class hosts basePath name id   registers an instance; stdin "exit" unregisters and ends
 * DiscoveryPeer watch map|class hosts basePath name id      reports FOUND {...} / GONE as a ServiceProvider sees id
 * DiscoveryPeer serialize                                   prints JSON lines Curator writes for sample instances
 * DiscoveryPeer deserialize map|class|object                reads instance JSON lines on stdin, prints what Java read
 * </pre>
 *
 * Every process reports SESSION hex-id base64-password whenever it has a (new) session, so the test can expire it.
 */
public final class DiscoveryPeer {
  /** A payload class, as an application would have one. */
  public static final class Details {
    public String region;
    public int weight;

    public Details() {}

    public Details(String region, int weight) {
      this.region = region;
      this.weight = weight;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static synchronized void report(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static void reportSession(CuratorFramework client) throws Exception {
    long id = client.getZookeeperClient().getZooKeeper().getSessionId();
    byte[] password = client.getZookeeperClient().getZooKeeper().getSessionPasswd();
    report("SESSION " + Long.toHexString(id) + " " + Base64.getEncoder().encodeToString(password));
  }

  /** What Java made of an instance, as one JSON object. */
  private static String describe(ServiceInstance<?> instance) throws Exception {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", instance.getName());
    view.put("id", instance.getId());
    view.put("address", instance.getAddress());
    view.put("port", instance.getPort());
    view.put("sslPort", instance.getSslPort());
    Object payload = instance.getPayload();
    view.put("payloadClass", payload == null ? null : payload.getClass().getName());
    view.put("payload", payload);
    view.put("registrationTimeUTC", instance.getRegistrationTimeUTC());
    view.put("serviceType", String.valueOf(instance.getServiceType()));
    view.put("uri", instance.buildUriSpec());
    view.put("enabled", instance.isEnabled());
    return MAPPER.writeValueAsString(view);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Class payloadClass(String kind) {
    if (kind.equals("class")) return Details.class;
    return kind.equals("object") ? Object.class : Map.class;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Object payload(String kind) {
    if (kind.equals("class")) return new Details("eu-west", 3);
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("region", "eu-west");
    map.put("weight", 3);
    map.put("tags", List.of("a", "b"));
    return map;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (mode.equals("serialize")) {
      serialize();
      return;
    }
    if (mode.equals("deserialize")) {
      JsonInstanceSerializer serializer = new JsonInstanceSerializer(payloadClass(args[1]));
      for (String line; (line = stdin.readLine()) != null; ) {
        if (line.isEmpty()) continue;
        try {
          report("READ " + describe(serializer.deserialize(line.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
          report("FAILED " + e.getClass().getName());
        }
      }
      return;
    }
    String kind = args[1];
    String hosts = args[2];
    String basePath = args[3];
    String name = args[4];
    String id = args[5];
    CuratorFramework client =
        CuratorFrameworkFactory.newClient(hosts, 10000, 10000, new ExponentialBackoffRetry(100, 10));
    client.getConnectionStateListenable().addListener((c, state) -> {
      try {
        if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) reportSession(c);
        if (state == ConnectionState.LOST) report("LOST");
      } catch (Exception e) {
        report("ERROR " + e);
      }
    });
    client.start();
    client.blockUntilConnected();
    ServiceDiscovery discovery = ServiceDiscoveryBuilder.builder(payloadClass(kind))
        .client(client)
        .basePath(basePath)
        .serializer(new JsonInstanceSerializer(payloadClass(kind)))
        .build();
    discovery.start();
    try {
      if (mode.equals("register")) {
        ServiceInstance instance = ServiceInstance.builder()
            .name(name)
            .id(id)
            .address("10.1.2.3")
            .port(8080)
            .payload(payload(kind))
            .uriSpec(new UriSpec("{scheme}://{address}:{port}/v1"))
            .build();
        discovery.registerService(instance);
        report("REGISTERED " + describe(instance));
        for (String line; (line = stdin.readLine()) != null && !line.equals("exit"); ) {}
        discovery.unregisterService(instance);
        report("UNREGISTERED");
      } else if (mode.equals("watch")) {
        ServiceProvider provider = discovery.serviceProviderBuilder().serviceName(name).build();
        provider.start();
        Thread watcher = new Thread(() -> {
          boolean present = false;
          try {
            while (!Thread.currentThread().isInterrupted()) {
              ServiceInstance found = null;
              for (Object each : provider.getAllInstances()) {
                if (((ServiceInstance) each).getId().equals(id)) found = (ServiceInstance) each;
              }
              if (found != null && !present) {
                ServiceInstance picked = provider.getInstance();
                report("FOUND " + describe(found));
                report("PICKED " + (picked == null ? "none" : picked.getId()));
              }
              if (found == null && present) report("GONE");
              present = found != null;
              Thread.sleep(20);
            }
          } catch (InterruptedException stop) {
            // asked to end
          } catch (Exception e) {
            report("ERROR " + e);
          }
        });
        watcher.start();
        for (String line; (line = stdin.readLine()) != null && !line.equals("exit"); ) {}
        watcher.interrupt();
        watcher.join();
        provider.close();
      } else {
        throw new IllegalArgumentException("unknown mode " + mode);
      }
    } finally {
      discovery.close();
      client.close();
    }
    report("CLOSED");
  }

  /** The bytes Curator's serializers write for a few instances, one JSON document a line. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void serialize() throws Exception {
    UriSpec spec = new UriSpec("{scheme}://{address}:{port}");
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {"map", payload("map"), true});
    cases.add(new Object[] {"class", payload("class"), true});
    cases.add(new Object[] {"null", null, true});
    cases.add(new Object[] {"string", "text", true});
    cases.add(new Object[] {"number", 42, true});
    cases.add(new Object[] {"list", new ArrayList<>(List.of("a", "b")), true});
    cases.add(new Object[] {"enabled", payload("map"), false});
    for (Object[] each : cases) {
      JsonInstanceSerializer serializer = new JsonInstanceSerializer(Object.class, (Boolean) each[2]);
      ServiceInstance instance = new ServiceInstance(
          "svc", "id-" + each[0], "10.0.0.1", 80, null, each[1], 1700000000000L, ServiceType.DYNAMIC, spec, false);
      report("JSON " + each[0] + " " + new String(serializer.serialize(instance), StandardCharsets.UTF_8));
    }
  }
}
