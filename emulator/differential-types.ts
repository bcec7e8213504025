import type { Generation } from './differential-data';

/**
 * Bodies for the value and naming cases, written as JSON text because JavaScript values cannot carry a `1.0` or an
 * integer beyond 2^53. Each kind is a list of records with an `id`; the second generation changes some of them.
 */
const TYPES: Record<string, [string, string]> = {
  naming: [
    `[{"id": 1, "camelCase": "a", "Amount__c": 1.5, "with space": "b", "UPPER": "c", "kebab-name": "d",
       "ümlaut": "e", "123start": "f", "Nested Obj": {"Inner Key": 1, "deepObj": {"x_Y": 2}},
       "a_name_that_is_longer_than_the_sixty_three_characters_postgres_allows_for_names": 1},
      {"id": 2, "camelCase": "g", "Amount__c": 2.5, "with space": null, "UPPER": "h", "kebab-name": "i",
       "ümlaut": "j", "123start": "k", "Nested Obj": {"Inner Key": 2, "deepObj": {"x_Y": 3}},
       "a_name_that_is_longer_than_the_sixty_three_characters_postgres_allows_for_names": 2}]`,
    `[{"id": 1, "camelCase": "a2", "Amount__c": 1.75, "with space": "b", "UPPER": "c", "kebab-name": "d",
       "ümlaut": "e", "123start": "f", "Nested Obj": {"Inner Key": 1, "deepObj": {"x_Y": 2}},
       "a_name_that_is_longer_than_the_sixty_three_characters_postgres_allows_for_names": 1},
      {"id": 3, "camelCase": "l", "Amount__c": 3.5, "with space": "m", "UPPER": "n", "kebab-name": "o",
       "ümlaut": "p", "123start": "q", "Nested Obj": {"Inner Key": 3, "deepObj": {"x_Y": 4}},
       "a_name_that_is_longer_than_the_sixty_three_characters_postgres_allows_for_names": 3, "NewColumn": true}]`,
  ],
  numbers: [
    `[{"id": 1, "ratio": 1.0, "price": 19.99, "big": 9007199254740993, "neg": -5, "zero": 0, "sci": 1e3, "flag": true},
      {"id": 2, "ratio": 2.5, "price": 0.1, "big": 12345678901234567, "neg": -7, "zero": 0, "sci": 2.5e-3, "flag": false}]`,
    `[{"id": 1, "ratio": 1.0, "price": 21.5, "big": 9007199254740995, "neg": -5, "zero": 0, "sci": 1e3, "flag": true},
      {"id": 2, "ratio": 3.0, "price": 0.1, "big": 12345678901234567, "neg": -7, "zero": 0, "sci": 2.5e-3, "flag": false},
      {"id": 4, "ratio": 4.25, "price": 1, "big": 9223372036854775807, "neg": -9007199254740993, "zero": 0, "sci": 1E2, "flag": true}]`,
  ],
  nulls: [
    `[{"id": 1, "always_null": null, "sometimes": null, "obj": null, "label": "a"},
      {"id": 2, "always_null": null, "sometimes": "x", "obj": {"k": 1}, "label": null}]`,
    `[{"id": 1, "always_null": null, "sometimes": "y", "obj": null, "label": "a"},
      {"id": 2, "always_null": null, "sometimes": null, "obj": {"k": null}, "label": "b"},
      {"id": 3, "always_null": null, "sometimes": null, "obj": null, "label": null}]`,
  ],
  lists: [
    `[{"id": 1, "empty": [], "later": [], "scalars": [1, 2, 3], "objs": [{"k": "a", "sub": []}, {"k": "b", "sub": [{"z": 1}]}], "matrix": [[1, 2], [3]]},
      {"id": 2, "empty": [], "later": [], "scalars": [], "objs": [], "matrix": []}]`,
    `[{"id": 1, "empty": [], "later": ["now"], "scalars": [3, 4], "objs": [{"k": "a", "sub": []}], "matrix": [[5]]},
      {"id": 2, "empty": [], "later": [], "scalars": [9], "objs": [], "matrix": []}]`,
  ],
  timestamps: [
    `[{"id": 1, "at_utc": "2024-03-01T12:00:00Z", "at_offset": "2024-03-01T12:00:00+02:00", "at_millis": "2024-03-01T12:00:00.123Z",
       "date_only": "2024-03-01", "not_a_date": "March 1st", "naive": "2024-03-01T12:00:00", "epoch": 1709294400},
      {"id": 2, "at_utc": "2024-12-31T23:59:59Z", "at_offset": "2024-12-31T23:59:59-05:00", "at_millis": "2024-12-31T23:59:59.999Z",
       "date_only": "2024-12-31", "not_a_date": "soon", "naive": "2024-12-31T23:59:59", "epoch": 1735689599}]`,
    `[{"id": 1, "at_utc": "2024-03-02T12:00:00Z", "at_offset": "2024-03-02T12:00:00+02:00", "at_millis": "2024-03-02T12:00:00.5Z",
       "date_only": "2024-03-02", "not_a_date": "March 2nd", "naive": "2024-03-02T12:00:00", "epoch": 1709380800},
      {"id": 3, "at_utc": "2025-01-01T00:00:00Z", "at_offset": "2025-01-01T00:00:00+00:00", "at_millis": "2025-01-01T00:00:00.000Z",
       "date_only": "2025-01-01", "not_a_date": "later", "naive": "2025-01-01T00:00:00", "epoch": 1735689600}]`,
  ],
};

/** The JSON text of a value-case kind's records, or undefined for an unknown kind. */
export function typesBody(kind: string, generation: Generation): string | undefined {
  return TYPES[kind]?.[generation - 1];
}
