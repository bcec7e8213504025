export {
  createFleetActivities,
  createProbeActivities,
  type FleetActivities,
  type FleetListing,
  type ProbeActivities,
  type SecretsCheck,
} from './fleet-activities';
export { defaultWorkerIdentity, resolverNamingWorker, startProbeWorker, type ProbeWorker } from './probe-worker';
