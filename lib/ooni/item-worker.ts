// Worker-thread side of ./item-pool: runs importItem on each chunk of lines it is sent.
import { parentPort } from "node:worker_threads";
import { importItem, type ImportItem } from "./item";

parentPort!.on("message", (msg: { id: number; items: ImportItem[]; receivedAt: number }) => {
  const receivedAt = new Date(msg.receivedAt);
  parentPort!.postMessage({ id: msg.id, outcomes: msg.items.map((item) => importItem(item, receivedAt)) });
});
