import type { ViewMessage } from "../../lib/explorer/view";

/** The parameters a page could not use, named, with what it did instead. */
export function Messages({ messages, intro }: { messages: ViewMessage[]; intro: string }) {
  if (messages.length === 0) return null;
  return (
    <div className="messages" role="status" data-testid="view-messages">
      <p>{intro}</p>
      <ul>
        {messages.map((m, i) => (
          <li key={i}>
            <code>
              {m.parameter}={m.value}
            </code>
            : {m.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
