// Scale-out settings and decisions, without I/O: which replicas DATABASE_READ_URL names,
// which one serves a read, when one is skipped, the instance id and the lease's pace (as
// lib/config parses them), and the HAProxy configuration the topology writes.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../lib/config";
import { detectionAllowedHere, setLeaseState } from "../../lib/scale/lease-state";
import { pickReplica, replicaName, replicaState, type ReplicaCheck } from "../../lib/scale/read-replicas";
import { haproxyConfig } from "../../scripts/lib/topology";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const check = (over: Partial<ReplicaCheck> = {}): ReplicaCheck => ({ checkedAtMs: 1, reachable: true, lagS: 0, standby: true, error: null, ...over });

describe("DATABASE_READ_URL", () => {
  const read = (value: string | undefined) => parseConfig(env(value === undefined ? {} : { DATABASE_READ_URL: value })).DATABASE_READ_URL;

  it("reads one or several comma-separated URLs", () => {
    expect(read(undefined)).toEqual([]);
    expect(read("  ")).toEqual([]);
    expect(read("postgres://r1:5432/v, postgresql://u:p@r2/v")).toEqual(["postgres://r1:5432/v", "postgresql://u:p@r2/v"]);
  });

  it("names the bad entry and never prints a password", () => {
    expect(() => read("postgres://r1/v,mysql://u:secret@r2/v")).toThrow(/DATABASE_READ_URL: .*entry 2 of 2/);
    expect(() => read("postgres://r1/v,mysql://u:secret@r2/v")).not.toThrow(/secret/);
    expect(() => read("postgres://r1/v,")).toThrow(/entry 2 of 2/);
    expect(() => read("postgres://r1/v,postgres://r1/v")).toThrow(/named twice/);
  });

  it("names a replica by host, port and database only", () => {
    expect(replicaName("postgres://user:secret@db-r1.internal:6432/vantage")).toBe("db-r1.internal:6432/vantage");
    expect(replicaName("postgres://db-r2/vantage")).toBe("db-r2:5432/vantage");
  });
});

describe("choosing a replica", () => {
  it("goes round-robin over current replicas only", () => {
    const checks = [check(), check({ lagS: 30 }), check({ lagS: 2 }), check({ reachable: false, lagS: null, error: "refused" })];
    expect([0, 1, 2, 3].map((turn) => pickReplica(checks, 10, turn))).toEqual([0, 2, 0, 2]);
  });

  it("falls back to the primary when every replica lags, fails or was never checked", () => {
    expect(pickReplica([check({ lagS: 11 }), check({ reachable: false }), check({ checkedAtMs: null })], 10, 0)).toBeNull();
    expect(pickReplica([], 10, 5)).toBeNull();
  });

  it("tells serving, lagging, failing and unchecked apart; unknown lag is lagging", () => {
    expect(replicaState(check({ lagS: 10 }), 10)).toBe("serving");
    expect(replicaState(check({ lagS: 10.5 }), 10)).toBe("lagging");
    expect(replicaState(check({ lagS: null }), 10)).toBe("lagging");
    expect(replicaState(check({ reachable: false }), 10)).toBe("failing");
    expect(replicaState(check({ checkedAtMs: null }), 10)).toBe("unchecked");
  });
});

describe("scale settings", () => {
  it("has documented defaults", () => {
    const c = parseConfig(env({}));
    expect(c).toMatchObject({ DATABASE_READ_URL: [], VANTAGE_READ_MAX_LAG_S: 10, VANTAGE_DETECT_LEASE_RETRY_S: 15 });
    expect(c.VANTAGE_INSTANCE_ID).toMatch(/:\d+$/);
  });

  it("refuses bad values with the variable's name", () => {
    expect(() => parseConfig(env({ VANTAGE_INSTANCE_ID: "web 1" }))).toThrow(/VANTAGE_INSTANCE_ID: expected 1-46 characters/);
    expect(() => parseConfig(env({ VANTAGE_INSTANCE_ID: "x".repeat(47) }))).toThrow(/VANTAGE_INSTANCE_ID/);
    expect(parseConfig(env({ VANTAGE_INSTANCE_ID: "web-1.eu:a" })).VANTAGE_INSTANCE_ID).toBe("web-1.eu:a");
    expect(() => parseConfig(env({ VANTAGE_READ_MAX_LAG_S: "-1" }))).toThrow(/VANTAGE_READ_MAX_LAG_S/);
    expect(() => parseConfig(env({ VANTAGE_DETECT_LEASE_RETRY_S: "45" }))).toThrow(/VANTAGE_DETECT_LEASE_RETRY_S: expected a number of seconds from 0.1 to 30/);
    expect(parseConfig(env({ VANTAGE_DETECT_LEASE_RETRY_S: "2.5" })).VANTAGE_DETECT_LEASE_RETRY_S).toBe(2.5);
  });
});

describe("who may detect", () => {
  it("any process that does not campaign for the lease (PGlite, tests); a campaigner only while it holds it", () => {
    expect(detectionAllowedHere()).toBe(true);
    setLeaseState(true, false);
    expect(detectionAllowedHere()).toBe(false);
    setLeaseState(true, true);
    expect(detectionAllowedHere()).toBe(true);
    setLeaseState(false, false);
    expect(detectionAllowedHere()).toBe(true);
  });
});

describe("HAProxy configuration of the topology", () => {
  it("health-checks every instance, forwards the client address, and retries refused connections elsewhere", () => {
    const cfg = haproxyConfig(8000, 8001, [
      { id: "web-1", url: "http://127.0.0.1:3001" },
      { id: "web-2", url: "http://127.0.0.1:3002" },
    ]);
    expect(cfg).toContain("option forwardfor");
    expect(cfg).toContain("retry-on conn-failure empty-response");
    expect(cfg).toContain("option httpchk GET /api/health");
    expect(cfg).toContain("timeout check 5s");
    expect(cfg).toMatch(/backend web\n  balance roundrobin\n  server web-1 127\.0\.0\.1:3001 check inter 1s fall 3 rise 1\n  server web-2 127\.0\.0\.1:3002 check/);
    expect(cfg).toMatch(/backend web_single\n  server web-1 127\.0\.0\.1:3001 check/);
    expect(cfg).toContain("bind 127.0.0.1:8000");
    expect(cfg).toContain("bind 127.0.0.1:8001");
  });
});
