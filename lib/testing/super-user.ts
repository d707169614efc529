import { createHash, randomBytes } from 'node:crypto';

/** The digest credentials of a cluster's superuser, and the JVM flag that makes the servers accept them. */
export interface SuperUser {
  /** `super:<password>`: what a client presents with `addAuth('digest', …)`. */
  credentials: string;
  /** `-Dzookeeper.DigestAuthenticationProvider.superDigest=super:<base64(sha1("super:<password>"))>`. */
  jvmArg: string;
}

/**
 * A superuser with a fresh random password. ZooKeeper's DigestAuthenticationProvider stores `user:base64(sha1(
 * "user:password"))`; a session that authenticates as `digest super:<password>` against that gets the `super`
 * identity, which passes every ACL check (the WRITE on `/zookeeper/config` that `reconfig` needs among them).
 */
export function createSuperUser(): SuperUser {
  const credentials = `super:${randomBytes(12).toString('hex')}`;
  const digest = createHash('sha1').update(credentials, 'utf8').digest('base64');
  return {
    credentials,
    jvmArg: `-Dzookeeper.DigestAuthenticationProvider.superDigest=super:${digest}`,
  };
}
