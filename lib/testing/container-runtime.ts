import { existsSync } from 'node:fs';

/**
 * A quick, synchronous look for a container runtime, for deciding at test-definition time whether container tests
 * can run: `DOCKER_HOST`, or a Docker/Podman socket in the usual places. Returns the reason when none is found.
 */
export function containerRuntimeAbsence(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DOCKER_HOST) return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const sockets = ['/var/run/docker.sock', `/run/user/${uid}/docker.sock`, `/run/user/${uid}/podman/podman.sock`];
  if (sockets.some((socket) => existsSync(socket))) return undefined;
  return `no container runtime: DOCKER_HOST is unset and none of ${sockets.join(', ')} exists`;
}
