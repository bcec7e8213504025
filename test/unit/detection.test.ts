import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonValue } from '../../engine/json';
import { createPaginator, describeDetection, detectPaginator } from '../../engine/paginators';
import { detectDataSelector, selectRecords } from '../../engine/records/select-records';

const detect = (body: JsonValue, headers: Record<string, string> = {}) => detectPaginator({ body, headers });

describe("paginator detection, in dlt's order", () => {
  const cases: Array<[string, JsonValue, Record<string, string>, unknown, number]> = [
    ['a Link header', {}, { link: '<https://api.test/2>; rel="next"' }, { type: 'header_link' }, 1],
    ['a next_page URL', { next_page: 'https://api.test/2' }, {}, { type: 'json_link', next_url_path: 'next_page' }, 1],
    [
      'a nested links.next path',
      { links: { next: '/items?page=2' } },
      {},
      { type: 'json_link', next_url_path: 'links.next' },
      1,
    ],
    [
      'a next object with an href',
      { _links: { next: { href: 'https://api.test/2' } } },
      {},
      { type: 'json_link', next_url_path: '_links.next.href' },
      1,
    ],
    ['a nextUrl key', { paging: { nextUrl: '/p/2' } }, {}, { type: 'json_link', next_url_path: 'paging.nextUrl' }, 1],
    [
      'a total page count',
      { meta: { total_pages: 4 }, data: [] },
      {},
      { type: 'page_number', total_path: 'meta.total_pages' },
      0.5,
    ],
    ['a page count in text', { pages: '4' }, {}, { type: 'page_number', total_path: 'pages' }, 0.5],
    ['a next cursor', { next_cursor: 'abc', data: [] }, {}, { type: 'cursor', cursor_path: 'next_cursor' }, 0.5],
    ['a nextPageToken', { nextPageToken: 'abc' }, {}, { type: 'cursor', cursor_path: 'nextPageToken' }, 0.5],
    ['a null next', { next: null, data: [1] }, {}, { type: 'single_page' }, 0],
    ['a list body', [1, 2], {}, { type: 'single_page' }, 0],
  ];
  for (const [what, body, headers, config, score] of cases)
    test(`detects ${what}`, () => assert.deepEqual(detect(body, headers), { config, score }));

  test('walks a body with next_page to its last page', () => {
    const paginator = createPaginator({ type: 'auto' });
    const page = (n: number, next: string | null) => ({
      url: `https://api.test/items?page=${n}`,
      status: 200,
      headers: {},
      body: { items: [n], next_page: next },
      records: [n],
    });
    let state = paginator.next(page(1, 'https://api.test/items?page=2'), paginator.initialState());
    assert.equal(
      paginator.apply({ method: 'GET', url: 'https://api.test/items', params: {}, headers: {} }, state!).url,
      'https://api.test/items?page=2',
    );
    state = paginator.next(page(2, null), state!);
    assert.equal(state, null);
  });

  test('a body that matches nothing is one page, with a warning', () =>
    assert.equal(
      describeDetection(detect({ data: [1, 2] })),
      'warning: no paginator detected, read as a single page ({"type":"single_page"}); give a paginator if the API pages',
    ));

  test('a guessed paginator is a warning too', () =>
    assert.match(
      describeDetection(detect({ next_cursor: 'x' })),
      /^warning: detected \{"type":"cursor","cursor_path":"next_cursor"\} from a guess/,
    ));
});

describe("data selector detection, as dlt's", () => {
  const cases: Array<[string, JsonValue, string | undefined]> = [
    ['a data list next to metadata', { meta: { count: 2 }, data: [{}] }, 'data'],
    ['a preferred key after another list', { tags: ['a'], results: [{}] }, 'results'],
    ['entities', { links: [], entities: [{}] }, 'entities'],
    ['a list three keys down', { response: { result: { items: [{}] } } }, 'response.result.items'],
    ['the first list when no key is preferred', { users: [{}], groups: [{}] }, 'users'],
    ['nothing four keys down', { a: { b: { c: { d: [{}] } } } }, undefined],
    ['nothing in an object without lists', { id: 1 }, undefined],
  ];
  for (const [what, body, expected] of cases)
    test(`finds ${what}`, () => assert.equal(detectDataSelector(body), expected));

  test('takes the records from a nested list', () =>
    assert.deepEqual(selectRecords({ response: { payload: [{ id: 1 }, { id: 2 }] } }, undefined), [
      { id: 1 },
      { id: 2 },
    ]));
});
