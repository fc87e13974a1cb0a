// Names the way Kubernetes makes them: pod-template hashes, pod suffixes, API server identity
// hashes, client-go holder identities.
import { randomInt, randomUUID } from 'node:crypto';

/** k8s.io/apimachinery rand.String's alphabet (no vowels, no confusable digits). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function randomString(length: number, alphabet = ALPHANUMS): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    s += alphabet[randomInt(alphabet.length)];
  }
  return s;
}

/** A ReplicaSet's pod-template-hash, e.g. `7d9f8c6b5`. */
export function podTemplateHash(): string {
  return randomString(9 + randomInt(2));
}

/** `<deployment>-<hash>-<5 chars>`. */
export function deploymentPodName(deployment: string, hash: string): string {
  return `${deployment}-${hash}-${randomString(5)}`;
}

/** The hash of an API server identity lease name `apiserver-<26 chars base32>`. */
export function apiServerIdentityHash(): string {
  return randomString(26, 'abcdefghijklmnopqrstuvwxyz234567');
}

/** client-go's usual identity: `<hostname>_<uuid>`. */
export function holderIdentity(hostname: string): string {
  return `${hostname}_${randomUUID()}`;
}

export function uid(): string {
  return randomUUID();
}
