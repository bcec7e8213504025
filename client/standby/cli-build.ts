/** The directory of the compiled CLI this process runs, named after its sources' hash; none when run from sources. */
let build: string | undefined;

/** Records the compiled CLI's directory, as `bin/sluice.js` passes it. */
export function setCliBuild(dir: string | undefined): void {
  build = dir;
}

/** The compiled CLI's directory, if this process runs one. */
export function cliBuild(): string | undefined {
  return build;
}
