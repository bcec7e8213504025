export * from './start-emulator';
export type { SeedId } from './truth';
