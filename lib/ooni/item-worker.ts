// Worker-thread side of ./item-pool: runs importItem on each chunk of lines it is sent.
import { serveTasks } from "../workers/pool";
import { importItem, type ImportItem, type ItemOutcome } from "./item";

export interface ItemTask {
  items: ImportItem[];
  receivedAt: number;
}

serveTasks<ItemTask, ItemOutcome[]>(({ items, receivedAt }) => {
  const at = new Date(receivedAt);
  return items.map((item) => importItem(item, at));
});
