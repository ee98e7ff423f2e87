// Counts bytes on every socket the probe opens, for the round summary and the budget.
import type { Socket } from "node:net";

export class ByteCounter {
  sent = 0;
  received = 0;
  private readonly open = new Set<Socket>();

  track(socket: Socket): void {
    this.open.add(socket);
    socket.once("close", () => this.settle(socket));
  }

  private settle(socket: Socket): void {
    if (!this.open.delete(socket)) return;
    this.sent += socket.bytesWritten ?? 0;
    this.received += socket.bytesRead ?? 0;
  }

  /** Folds in sockets still open (call at the end of a round). */
  flush(): void {
    for (const s of [...this.open]) this.settle(s);
  }
}
