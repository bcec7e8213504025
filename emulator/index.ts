export { startEmulator, type Emulator } from './start-emulator';
export {
  DEFAULT_SIZES,
  FAULT_KINDS,
  type EmulatorOptions,
  type EmulatorSizes,
  type FaultKind,
  type FaultOptions,
} from './emulator-options';
export type { EmulatorStats } from './emulator-stats';
export type { FailRule } from './fault-plan';
export type { SeedId } from './truth';
export type { TruthTable } from './truth-table';
