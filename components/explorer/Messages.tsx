import type { ViewMessage } from "../../lib/explorer/view";
import type { Translate } from "../../lib/i18n";

/** The parameters a page could not use, named, with what it did instead, in the reader's language. */
export function Messages({ messages, intro, t }: { messages: ViewMessage[]; intro: string; t: Translate }) {
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
            : {t(m.key, m.params)}
          </li>
        ))}
      </ul>
    </div>
  );
}
