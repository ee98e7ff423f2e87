"use client";
// Copies a text (a permalink, an embed code, a citation) and says so; the text stays
// visible and selectable beside it, so it also works where the clipboard is refused.
import { useState } from "react";

export function CopyButton({ text, label, done }: { text: string; label: string; done: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="share-copy"
      onClick={() => {
        navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2_000);
          },
          () => setCopied(false),
        );
      }}
    >
      {copied ? done : label}
    </button>
  );
}
