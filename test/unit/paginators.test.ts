import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PageResponse, RequestSpec } from '../../engine/http/request-spec';
import type { JsonValue } from '../../engine/json';
import { createPaginator, PAGINATORS, predictStates, type PaginatorConfig } from '../../engine/paginators';
import { nextLinkFromHeader } from '../../engine/paginators/link-paginators';

const REQUEST: RequestSpec = { method: 'GET', url: 'https://api.test/v1/items', params: { fixed: 'x' }, headers: {} };

function page(body: JsonValue, records: number, headers: Record<string, string> = {}): PageResponse {
  return {
    url: REQUEST.url,
    status: 200,
    headers,
    body,
    records: Array.from({ length: records }, (_, i) => ({ id: i })),
  };
}

/** Walks a paginator over a scripted list of responses; returns the requests made. */
function walk(config: PaginatorConfig, responses: PageResponse[], endpointLimit?: number): RequestSpec[] {
  const paginator = createPaginator(config, endpointLimit);
  let state = JSON.parse(JSON.stringify(paginator.initialState()));
  const requests: RequestSpec[] = [];
  for (const response of responses) {
    requests.push(paginator.apply(REQUEST, state));
    const next = paginator.next(response, state);
    if (next === null) return requests;
    state = JSON.parse(JSON.stringify(next));
  }
  throw new Error(`did not stop after ${responses.length} responses`);
}

describe('every paginator honours the contract', () => {
  for (const type of Object.keys(PAGINATORS)) {
    test(`${type}: state is plain JSON and apply does not mutate the request`, () => {
      const paginator = createPaginator({ type });
      const state = paginator.initialState();
      assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
      const before = structuredClone(REQUEST);
      paginator.apply(REQUEST, state);
      assert.deepEqual(REQUEST, before);
      const next = paginator.next(page({ items: [] }, 0), state);
      assert.ok(next === null || JSON.stringify(JSON.parse(JSON.stringify(next))) === JSON.stringify(next));
    });
  }
});

describe('offset paginator stop rules', () => {
  const cases: Array<{ name: string; config: PaginatorConfig; responses: PageResponse[]; expectedOffsets: number[] }> =
    [
      {
        name: 'stops when the offset reaches total',
        config: { type: 'offset', limit: 10 },
        responses: [page({ total: 25 }, 10), page({ total: 25 }, 10), page({ total: 25 }, 5)],
        expectedOffsets: [0, 10, 20],
      },
      {
        name: 'falls back to the short page when total is missing (dlt #4429)',
        config: { type: 'offset', limit: 10 },
        responses: [page({}, 10), page({}, 3)],
        expectedOffsets: [0, 10],
      },
      {
        name: 'falls back when total is null (dlt #1401)',
        config: { type: 'offset', limit: 10 },
        responses: [page({ total: null }, 10), page({ total: null }, 10), page({ total: null }, 0)],
        expectedOffsets: [0, 10, 20],
      },
      {
        name: 'stops on an empty page even if total says more',
        config: { type: 'offset', limit: 10 },
        responses: [page({ total: 100 }, 10), page({ total: 100 }, 0)],
        expectedOffsets: [0, 10],
      },
      {
        name: 'stops at maximum_offset',
        config: { type: 'offset', limit: 10, maximum_offset: 20 },
        responses: [page({}, 10), page({}, 10), page({}, 10)],
        expectedOffsets: [0, 10],
      },
      {
        name: 'stops when has_more_path is false',
        config: { type: 'offset', limit: 10, has_more_path: 'has_more' },
        responses: [page({ has_more: true }, 10), page({ has_more: false }, 10)],
        expectedOffsets: [0, 10],
      },
      {
        name: 'uses a custom total_path',
        config: { type: 'offset', limit: 5, total_path: 'meta.count' },
        responses: [page({ meta: { count: 8 } }, 5), page({ meta: { count: 8 } }, 3)],
        expectedOffsets: [0, 5],
      },
    ];
  for (const c of cases) {
    test(c.name, () => {
      const requests = walk(c.config, c.responses);
      assert.deepEqual(
        requests.map((r) => r.params.offset),
        c.expectedOffsets,
      );
      assert.ok(requests.every((r) => r.params.fixed === 'x'));
    });
  }

  test('uses the endpoint’s limit param, or 100, when the paginator names none', () => {
    assert.equal(walk({ type: 'offset' }, [page({}, 3)], 50)[0]!.params.limit, 50);
    assert.equal(walk({ type: 'offset' }, [page({}, 3)])[0]!.params.limit, 100);
  });

  test('sends custom offset and limit param names', () => {
    const [request] = walk({ type: 'offset', limit: 7, offset_param: 'skip', limit_param: 'take' }, [page({}, 1)]);
    assert.deepEqual(request!.params, { fixed: 'x', skip: 0, take: 7 });
  });
});

describe('page number paginator stop rules', () => {
  test('starts from start_from_page and stops on an empty page (seed 003)', () => {
    const config = { type: 'page_number', page_param: 'page', limit_param: 'limit', start_from_page: 1 };
    const requests = walk(config, [page({}, 100), page({}, 0)], 100);
    assert.deepEqual(
      requests.map((r) => [r.params.page, r.params.limit]),
      [
        [1, 100],
        [2, 100],
      ],
    );
  });

  test('stops on a short page when the page size is known', () => {
    const requests = walk(
      { type: 'page_number', base_page: 1, limit_param: 'limit' },
      [page({}, 100), page({}, 37)],
      100,
    );
    assert.deepEqual(
      requests.map((r) => r.params.page),
      [1, 2],
    );
  });

  test('stops after total pages', () => {
    const requests = walk({ type: 'page_number', base_page: 1, total_path: 'pages' }, [
      page({ pages: 2 }, 10),
      page({ pages: 2 }, 10),
    ]);
    assert.deepEqual(
      requests.map((r) => r.params.page),
      [1, 2],
    );
  });

  test('starts at page 0 by default, as dlt does', () => {
    assert.equal(walk({ type: 'page_number' }, [page({}, 0)])[0]!.params.page, 0);
  });
});

describe('cursor paginator stop rules', () => {
  const marker = {
    type: 'cursor',
    limit: 100,
    cursor_param: 'marker',
    cursor_value: "{{ response.get('next_marker') }}",
    stop_condition: "{{ response.get('next_marker') is none }}",
  };
  const stream = {
    type: 'cursor',
    limit: 100,
    cursor_param: 'stream_position',
    cursor_value: "{{ response.get('next_stream_position') }}",
    stop_condition: '{{ response.chunk_size == 0 }}',
  };

  test('follows markers until next_marker is null (seed 002)', () => {
    const requests = walk(marker, [
      page({ next_marker: 'a' }, 100),
      page({ next_marker: 'b' }, 100),
      page({ next_marker: null }, 20),
    ]);
    assert.deepEqual(
      requests.map((r) => r.params.marker),
      [undefined, 'a', 'b'],
    );
    assert.ok(requests.every((r) => r.params.limit === 100));
  });

  test('follows stream positions until chunk_size is 0 (seed 002)', () => {
    const requests = walk(stream, [
      page({ chunk_size: 100, next_stream_position: 100 }, 100),
      page({ chunk_size: 0, next_stream_position: 100 }, 0),
    ]);
    assert.deepEqual(
      requests.map((r) => r.params.stream_position),
      [undefined, 100],
    );
  });

  test('stops on an empty page even when a cursor is still present (dlt #3358)', () => {
    const requests = walk({ type: 'cursor', cursor_path: 'next' }, [page({ next: 'x' }, 5), page({ next: 'y' }, 0)]);
    assert.equal(requests.length, 2);
  });

  test('reads the cursor from cursor_path and sends it in the body with cursor_body_path', () => {
    const paginator = createPaginator({ type: 'cursor', cursor_path: 'meta.next', cursor_body_path: 'after' });
    const next = paginator.next(page({ meta: { next: 'c2' } }, 1), paginator.initialState());
    assert.deepEqual(paginator.apply(REQUEST, next!).json, { after: 'c2' });
  });
});

describe('link paginators', () => {
  test('json_link follows the next URL in the body, relative or absolute', () => {
    const requests = walk({ type: 'json_link', next_url_path: 'links.next' }, [
      page({ links: { next: '/v1/items?page=2' } }, 1),
      page({ links: { next: null } }, 1),
    ]);
    assert.equal(requests[1]!.url, 'https://api.test/v1/items?page=2');
    assert.deepEqual(requests[1]!.params, {});
  });

  test('header_link follows rel="next" of the Link header', () => {
    const link = '<https://api.test/v1/items?page=2>; rel="next", <https://api.test/v1/items?page=9>; rel="last"';
    const requests = walk({ type: 'header_link' }, [page({}, 1, { link }), page({}, 1)]);
    assert.equal(requests[1]!.url, 'https://api.test/v1/items?page=2');
  });

  const links: Array<[header: string, rel: string, expected: string | undefined]> = [
    ['<https://a.test/2>; rel="next"', 'next', 'https://a.test/2'],
    ['<https://a.test/2>; rel=next', 'next', 'https://a.test/2'],
    ['<https://a.test/9>; rel="last", <https://a.test/2?a=1,2>; rel="prev next"', 'next', 'https://a.test/2?a=1,2'],
    ['<https://a.test/2>; rel="nextXpage"', 'next.page', undefined],
    ['<https://a.test/2>; rel="next.page"', 'next.page', 'https://a.test/2'],
    ['<https://a.test/2>; rel="next("', 'next(', 'https://a.test/2'],
    ['<https://a.test/2>; rel="nextpage"', 'next', undefined],
    ['<https://a.test/2>; title="next"', 'next', undefined],
  ];
  for (const [header, rel, expected] of links) {
    test(`finds ${String(expected)} for links_next_key ${rel} in ${header}`, () => {
      assert.equal(nextLinkFromHeader(header, rel), expected);
    });
  }

  test('reads the largest Link header Node accepts, of many links or of repeated rel=, in linear time', () => {
    const many = `${Array.from({ length: 500 }, (_, i) => `<https://a.test/${i}>; rel="p${i}"`).join(', ')}, <https://a.test/n>; rel=next`;
    const repeated = `<https://a.test/x>; rel=${'rel= '.repeat(3200)}`;
    const started = performance.now();
    assert.equal(nextLinkFromHeader(many), 'https://a.test/n');
    assert.equal(nextLinkFromHeader(repeated), undefined);
    assert.ok(performance.now() - started < 100, `took ${(performance.now() - started).toFixed(0)} ms`);
  });

  test('header_cursor sends the header value as a param', () => {
    const requests = walk({ type: 'header_cursor', cursor_key: 'X-Next', cursor_param: 'after' }, [
      page({}, 1, { 'x-next': 'abc' }),
      page({}, 1),
    ]);
    assert.equal(requests[1]!.params.after, 'abc');
  });

  test('single_page makes one request', () => {
    assert.equal(walk({ type: 'single_page' }, [page({}, 3)]).length, 1);
  });
});

describe('auto paginator detection', () => {
  const cases: Array<[string, PageResponse, string]> = [
    ['a Link header', page({}, 1, { link: '<https://api.test/2>; rel="next"' }), 'header_link'],
    ['a next URL in the body', page({ next: 'https://api.test/2', results: [] }, 1), 'json_link'],
    ['a cursor in the body', page({ next_cursor: 'abc', data: [] }, 1), 'cursor'],
    ['nothing to follow', page({ data: [] }, 1), 'single_page'],
  ];
  for (const [what, response, expected] of cases) {
    test(`detects ${expected} from ${what}`, () => {
      const paginator = createPaginator(undefined);
      const next = paginator.next(response, paginator.initialState());
      if (expected === 'single_page') assert.equal(next, null);
      else assert.equal((next as { detected: { type: string } }).detected.type, expected);
    });
  }
});

test('an unknown paginator type lists the known ones', () => {
  assert.throws(
    () => createPaginator({ type: 'nope' }),
    /unknown paginator type 'nope' \(known: offset, page_number, cursor/,
  );
});

describe('predicting pages to fetch ahead', () => {
  test('offset predicts up to a known total and no further', () => {
    const paginator = createPaginator({ type: 'offset', limit: 100 });
    const state = paginator.next(page({ total: 350 }, 100), paginator.initialState())!;
    const predicted = [];
    for (let s = paginator.predict!(state); s; s = paginator.predict!(s)) predicted.push(s.offset);
    assert.deepEqual(predicted, [200, 300]);
  });

  test('offset without a total keeps predicting, for a bounded speculative window', () => {
    const paginator = createPaginator({ type: 'offset', limit: 10 });
    assert.deepEqual(paginator.predict!({ offset: 10 }), { offset: 20 });
  });

  test('page numbers predict up to a known page count', () => {
    const paginator = createPaginator({ type: 'page_number', base_page: 1, total_path: 'pages' });
    const state = paginator.next(page({ pages: 3 }, 10), paginator.initialState())!;
    assert.deepEqual(paginator.predict!(state), { page: 3, totalPages: 3 });
    assert.equal(paginator.predict!({ page: 3, totalPages: 3 }), null);
  });

  test('cursor paginators cannot predict: the next request depends on the response', () => {
    assert.equal(createPaginator({ type: 'cursor' }).predict, undefined);
  });

  test('with a known total, a whole window is predicted from the first page', () => {
    const paginator = createPaginator({ type: 'offset', limit: 10 });
    const state = paginator.next(page({ total: 1000 }, 10), paginator.initialState())!;
    const offsets = predictStates(paginator, state, 7, 0).map((s) => s.offset);
    assert.deepEqual(offsets, [20, 30, 40, 50, 60, 70, 80]);
  });

  test('without a total, no more pages are predicted than the guesses allowed', () => {
    for (const config of [
      { type: 'offset', limit: 10, total_path: null },
      { type: 'page_number', base_page: 1, page_size: 10, total_path: null },
    ]) {
      const paginator = createPaginator(config);
      const state = paginator.next(page({}, 10), paginator.initialState())!;
      assert.equal(predictStates(paginator, state, 7, 1).length, 1, `${config.type}: one guess allowed`);
      assert.equal(predictStates(paginator, state, 7, 3).length, 3, `${config.type}: three guesses allowed`);
      assert.equal(predictStates(paginator, state, 7, 100).length, 7, `${config.type}: no more than asked for`);
      assert.equal(predictStates(paginator, state, 7, 0).length, 0, `${config.type}: no guess allowed`);
    }
  });

  test('page numbers with a known count predict a whole window', () => {
    const paginator = createPaginator({ type: 'page_number', base_page: 1, total_path: 'pages' });
    const state = paginator.next(page({ pages: 50 }, 10), paginator.initialState())!;
    assert.equal(predictStates(paginator, state, 7, 0).length, 7);
  });

  test('a paginator that cannot predict gives no states', () => {
    const paginator = createPaginator({ type: 'cursor' });
    assert.deepEqual(predictStates(paginator, { cursor: 'x' }, 7, 100), []);
  });
});
