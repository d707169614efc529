import { ZkUsageError } from './client-api';

/**
 * rxjs, loaded on first use: it is an optional peer dependency, and the client/recipes layer must load without it.
 */
export function loadRxjs(): typeof import('rxjs') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('rxjs') as typeof import('rxjs');
  } catch (error) {
    throw new ZkUsageError('watchData$/watchChildren$ need the optional peer dependency rxjs (npm install rxjs)', {
      cause: error,
    });
  }
}
