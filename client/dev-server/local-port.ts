/** The shared local server's gRPC port: `SLUICE_TEMPORAL_PORT`, or Temporal's usual 7233. */
export function localServerPort(): number {
  return Number(process.env.SLUICE_TEMPORAL_PORT || 7233);
}

/** The address of the shared local server, which commands without `--temporal` talk to. */
export function localServerAddress(): string {
  return `localhost:${localServerPort()}`;
}
