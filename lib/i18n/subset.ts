// Translation from a subset of the messages (lib/i18n messagesWithPrefixes), for client
// components: they receive the few messages they show from the server instead of importing
// both whole dictionaries (about 27 KB of gzipped JavaScript). Dictionary-free.
import type { MessageKey } from "./en";

export type MessageSubset = Partial<Record<MessageKey, string>>;
export type TranslateFn = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `{name}` in a message replaced by its value. */
export function fillMessage(text: string, params?: Record<string, string | number>): string {
  if (params) for (const [k, v] of Object.entries(params)) text = text.split(`{${k}}`).join(String(v));
  return text;
}

/** A translator over a subset; a key outside it is a programming error, said loudly. */
export function subsetTranslator(messages: MessageSubset): TranslateFn {
  return (key, params) => {
    const text = messages[key];
    if (text === undefined) throw new Error(`message ${key} was not handed to this component (lib/i18n messagesWithPrefixes)`);
    return fillMessage(text, params);
  };
}
