/**
 * One raw loop as a whole process, for S6: `raw-loop-main URL LIMIT POSTGRES_URL SCHEMA pipelined|sequential`.
 * S6 compiles it to plain JavaScript first, so its start-up is Node's and the packages' alone.
 */
import { pipelinedRawLoop } from './pipelined-raw-loop';
import { rawLoop } from './raw-loop';

const [url, limit, postgresUrl, schema, mode] = process.argv.slice(2);
if (!url || !limit || !postgresUrl || !schema)
  throw new Error('usage: raw-loop-main URL LIMIT POSTGRES_URL SCHEMA MODE');
const written =
  mode === 'pipelined'
    ? await pipelinedRawLoop({ url, limit: Number(limit), postgresUrl, schema })
    : await rawLoop({ url, limit: Number(limit), destination: { kind: 'postgres', url: postgresUrl, schema } });
console.log(JSON.stringify({ written }));
