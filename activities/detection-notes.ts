import type { JsonValue } from '../engine/json';
import { autoDetectionNote, type PaginatorState } from '../engine/paginators';
import type { ResourceSpec } from '../engine/source-spec';
import { detectDataSelector } from '../engine/records/select-records';
import { activityLog } from './activity-log';

/**
 * Notes what a resource's first page shows about what the config left out: where records were taken from without a
 * data selector, and which paginator `auto` detected. Each note is logged once and added to `notes` for the result.
 */
export function noteDetections(
  resource: ResourceSpec,
  paginatorType: string,
  page: { url: string; body: JsonValue; next: PaginatorState | null },
  notes: Set<string>,
): void {
  const note = (text: string) => {
    notes.add(text);
    activityLog('info', text, { page: page.url });
  };
  if (!resource.endpoint.dataSelector) {
    const detected = detectDataSelector(page.body);
    note(
      `resource '${resource.name}': no data_selector; records taken from ${detected ? `'${detected}'` : 'the whole response'}`,
    );
  }
  if (paginatorType === 'auto')
    note(`resource '${resource.name}': no paginator configured; ${autoDetectionNote(page.body, page.next)}`);
}
