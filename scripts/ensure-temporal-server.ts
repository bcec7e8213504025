/** Finds Temporal's server and SQL tool under .tools or builds them with Go, printing progress; fails loudly. */
import { ensureTemporalServerTools } from './temporal-server-tools';

try {
  const tools = await ensureTemporalServerTools((line) => console.log(line));
  console.log(`Temporal server: ${tools.server}`);
  console.log(`Temporal SQL tool: ${tools.sqlTool}`);
  console.log(`PostgreSQL schema: ${tools.postgresSchemaDir}`);
} catch (error) {
  console.error(`Temporal's server is unavailable: ${(error as Error).message}`);
  process.exit(1);
}
