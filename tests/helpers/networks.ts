// Test fixtures store measurements from probes the registry does not know; the raw-data API
// and dumps publish volunteer measurements only from networks with at least three registered
// probes (lib/volunteers/privacy). Tests about something else register three stand-in probes
// in every network their measurements name, so the small-network rule stays out of their way.
import { MIN_PROBES_TO_NAME_NETWORK } from "../../lib/volunteers/privacy";
import type { Store } from "../../lib/store/open";

export async function registerEveryMeasuredNetwork(store: Store): Promise<void> {
  await store.exec(`INSERT INTO owners (id, contact) VALUES ('own_fixture_networks', NULL) ON CONFLICT (id) DO NOTHING`);
  await store.exec(
    `INSERT INTO probes (id, owner_id, name, country, asn, network_type, status)
     SELECT 'prb_fixture_' || n.country || '_' || n.asn || '_' || i, 'own_fixture_networks', 'fixture', n.country, n.asn, 'fixed', 'active'
     FROM (SELECT DISTINCT country, asn FROM measurements) n, generate_series(1, ${MIN_PROBES_TO_NAME_NETWORK}) i
     ON CONFLICT (id) DO NOTHING`,
  );
}
