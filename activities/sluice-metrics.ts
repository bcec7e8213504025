import type { MetricMeter } from '@temporalio/common';
import type { Destination } from '../engine/destinations/destination';
import { HttpError } from '../engine/errors';
import type { HttpClient } from '../engine/http/http-client';
import type { DestinationPool } from './destination-pool';

/**
 * sluice's own metrics, created on the Temporal runtime's meter so that they are served by the same Prometheus
 * endpoint as the SDK's worker metrics. Every series is tagged with the source and resource; with no exporter
 * configured the runtime drops them.
 */
export function createSluiceMetrics(meter: MetricMeter) {
  const pages = meter.createCounter('sluice_pages', 'pages', 'Pages committed, each with its checkpoint');
  const records = meter.createCounter('sluice_records', 'records', 'Records committed');
  const retries = meter.createCounter('sluice_retries', 'attempts', 'Page activities retried after a failure');
  const httpDuration = meter.createHistogram('sluice_http_request_duration', 'int', 'ms', 'HTTP request latency');
  const httpResponses = meter.createCounter('sluice_http_responses', 'responses', 'HTTP answers by status');
  const commitDuration = meter.createHistogram('sluice_commit_duration', 'int', 'ms', 'Page transaction latency');
  const prefetchWindow = meter.createGauge('sluice_prefetch_window', 'int', 'pages', 'Pages fetched ahead at most');

  return {
    /** The metrics of one page activity, tagged with its source and resource. */
    forResource(source: string, resource: string) {
      const tags = { source, resource };
      return {
        /** Counts a retried activity attempt. */
        retry: () => retries.add(1, tags),
        /** Sets the activity's current prefetch window. */
        prefetchWindow: (size: number) => prefetchWindow.set(size, tags),
        /** An HTTP client that times each request and counts its status (`error` when no answer came). */
        http(http: HttpClient): HttpClient {
          return {
            async send(request) {
              const started = performance.now();
              let status = 'error';
              try {
                const response = await http.send(request);
                status = String(response.status);
                return response;
              } catch (error) {
                if (error instanceof HttpError && error.status !== undefined) status = String(error.status);
                throw error;
              } finally {
                httpDuration.record(Math.round(performance.now() - started), tags);
                httpResponses.add(1, { ...tags, status });
              }
            },
            close: () => http.close(),
          };
        },
        /** A destination pool whose destinations time each commit and count the pages and records it wrote. */
        destinations(pool: DestinationPool): DestinationPool {
          const meter = (destination: Destination): Destination =>
            new Proxy(destination, {
              get(target, key) {
                if (key === 'write') {
                  return async (...[inputs, arriving]: Parameters<Destination['write']>) => {
                    const started = performance.now();
                    const results = await target.write(inputs, arriving);
                    commitDuration.record(Math.round(performance.now() - started), tags);
                    results.forEach((result, index) => {
                      if (result.skipped) return;
                      pages.add(1, tags);
                      const count = inputs[index]!.records.length;
                      if (count > 0) records.add(count, tags);
                    });
                    return results;
                  };
                }
                const value: unknown = Reflect.get(target, key, target);
                return typeof value === 'function' ? value.bind(target) : value;
              },
            });
          return { get: async (ref) => meter(await pool.get(ref)), closeAll: () => pool.closeAll() };
        },
      };
    },
  };
}

/** sluice's metrics on one meter. */
export type SluiceMetrics = ReturnType<typeof createSluiceMetrics>;
