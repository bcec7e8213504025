import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The dataset a sync loads into; lets the Temporal UI list every sync of one dataset. */
export const SLUICE_DATASET = defineSearchAttributeKey('SluiceDataset', SearchAttributeType.KEYWORD);
/** The source config's name. */
export const SLUICE_SOURCE = defineSearchAttributeKey('SluiceSource', SearchAttributeType.KEYWORD);
/** The resource a resource workflow walks. */
export const SLUICE_RESOURCE = defineSearchAttributeKey('SluiceResource', SearchAttributeType.KEYWORD);

/** Where a source sync stands: `running`, `paused`, `completed`, `failed` or `cancelled`. */
export const SLUICE_STATE = defineSearchAttributeKey('SluiceState', SearchAttributeType.KEYWORD);

/** The values of {@link SLUICE_STATE}. */
export type SluiceState = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

/** Every search attribute sluice sets. */
export const SLUICE_SEARCH_ATTRIBUTES = [SLUICE_DATASET, SLUICE_SOURCE, SLUICE_RESOURCE, SLUICE_STATE];

/** The same attributes as `--search-attribute` arguments for the Temporal dev server. */
export const SEARCH_ATTRIBUTE_ARGS = SLUICE_SEARCH_ATTRIBUTES.flatMap((key) => [
  '--search-attribute',
  `${key.name}=Keyword`,
]);
