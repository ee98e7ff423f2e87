// One load of a view's data per request: a page's generateMetadata (its social card) and
// its body chart the same view, and React's per-request cache lets them share one read
// instead of running the aggregation twice.
import { cache } from "react";
import { loadViewData, type ViewData } from "../../lib/explorer/view-data";
import type { ExplorerView } from "../../lib/explorer/view";
import type { Store } from "../../lib/store/open";

const requestMemo = cache(() => new Map<string, Promise<ViewData>>());

export function viewDataOnce(store: Store, view: ExplorerView): Promise<ViewData> {
  const memo = requestMemo();
  const key = JSON.stringify(view);
  let data = memo.get(key);
  if (!data) {
    data = loadViewData(store, view);
    memo.set(key, data);
    data.catch(() => memo.delete(key));
  }
  return data;
}
