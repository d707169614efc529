/**
 * Where the configuration lives in ZooKeeper, named as Spring Cloud Zookeeper Config names it
 * (`spring.cloud.zookeeper.config.*`), with the same defaults, so a Java service and a Nest service can share one tree.
 */
export interface ZookeeperConfigLayout {
  /** The folder every context lives under (Spring's `root`, default `config`); `'/config'` by default. */
  root?: string;
  /**
   * The application's name (Spring's `spring.application.name` or `spring.cloud.zookeeper.config.name`): its own
   * contexts are `<root>/<application>` and `<root>/<application><separator><profile>`. Without it only the shared
   * contexts are read.
   */
  application?: string;
  /**
   * The active profiles (Spring's `spring.profiles.active`), in the order Spring lists them: when two profiles set
   * the same key, the later one wins. None by default.
   */
  profiles?: readonly string[];
  /** The context every application shares (Spring's `default-context`); `'application'` by default. */
  defaultContext?: string;
  /** What joins a context and a profile in a node name (Spring's `profile-separator`); `','` by default. */
  profileSeparator?: string;
}
