import { InvalidArgumentError } from '../client/errors';
import { validatePath } from '../client/paths';
import type { ZookeeperConfigLayout } from './config-layout';

/** One node whose subtree holds properties, as Spring Cloud Zookeeper Config calls it. */
export interface ConfigContext {
  /** The context's node, e.g. `/config/orders,dev`. */
  readonly path: string;
  /** The profile this context belongs to, `undefined` for a context without one. */
  readonly profile: string | undefined;
}

function nonEmpty(value: unknown, argument: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0 || value.includes('/')) {
    throw new InvalidArgumentError(argument, `expected a non-empty string without "/", got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The contexts a layout reads, most specific first, exactly as Spring Cloud Zookeeper Config orders its property
 * sources: `<app>,<profile>` (the last profile first), `<app>`, `<default>,<profile>` (the last profile first),
 * `<default>`. A property found in an earlier context wins over the same property in a later one. A context named
 * twice (an application called like the default context) is read once, at its most specific place. Throws
 * InvalidArgumentError for a malformed layout.
 */
export function configContexts(layout: ZookeeperConfigLayout = {}): ConfigContext[] {
  const rawRoot = layout.root ?? '/config';
  if (typeof rawRoot !== 'string') throw new InvalidArgumentError('root', `expected a string, got ${typeof rawRoot}`);
  const root = rawRoot.startsWith('/') ? rawRoot : `/${rawRoot}`;
  validatePath(root, 'root');
  const defaultContext = nonEmpty(layout.defaultContext, 'defaultContext', 'application');
  const application = layout.application === undefined ? undefined : nonEmpty(layout.application, 'application', '');
  const separator = nonEmpty(layout.profileSeparator, 'profileSeparator', ',');
  const profiles = layout.profiles ?? [];
  if (!Array.isArray(profiles)) throw new InvalidArgumentError('profiles', 'expected an array of profile names');
  for (const profile of profiles) nonEmpty(profile, 'profiles', '');

  const base = (name: string): string => (root === '/' ? `/${name}` : `${root}/${name}`);
  // Spring builds the list least specific first, then reverses it.
  const leastFirst: ConfigContext[] = [];
  for (const name of application === undefined ? [defaultContext] : [defaultContext, application]) {
    leastFirst.push({ path: base(name), profile: undefined });
    for (const profile of profiles) leastFirst.push({ path: base(`${name}${separator}${profile}`), profile });
  }
  const contexts: ConfigContext[] = [];
  for (const context of leastFirst.reverse()) {
    validatePath(context.path, 'context');
    if (!contexts.some((known) => known.path === context.path)) contexts.push(Object.freeze(context));
  }
  return contexts;
}
