/** The key of an agent Pod in a sweep's index of listed Pods: namespace/name. */
export const podKey = (namespace: string | undefined, name: string | undefined): string =>
  `${namespace}/${name}`;
