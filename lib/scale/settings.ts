// The scale-out settings, read once at start so a bad value stops `npm start` with one line
// instead of failing requests later: DATABASE_READ_URL, VANTAGE_READ_MAX_LAG_S,
// VANTAGE_INSTANCE_ID, VANTAGE_DETECT_LEASE_RETRY_S.
import { instanceId } from "./instance";
import { leaseRetrySeconds } from "./leased-detection";
import { parseReadUrls, readMaxLagSeconds } from "./read-replicas";

export interface ScaleSettings {
  instance: string;
  readReplicas: number;
  readMaxLagS: number;
  leaseRetryS: number;
}

export function scaleSettings(env: NodeJS.ProcessEnv = process.env): ScaleSettings {
  return {
    instance: instanceId(env),
    readReplicas: parseReadUrls(env.DATABASE_READ_URL).length,
    readMaxLagS: readMaxLagSeconds(env),
    leaseRetryS: leaseRetrySeconds(env),
  };
}
