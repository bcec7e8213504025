import { loadConfigFile } from '../engine/config/load-config-file';
import { applyOverrides } from '../engine/config/overrides';
import { resolveSource } from '../engine/config/resolve-source';
import type { SourceSpec } from '../engine/source-spec';

/** Loads a config file, applies `--set` overrides, validates it and resolves it into a source spec. */
export async function loadSource(path: string, sets: string[] = []): Promise<SourceSpec> {
  const loaded = await loadConfigFile(path);
  return resolveSource(applyOverrides(loaded.config, sets), loaded.name);
}
